package dev.prefs.command.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.command.preferences.CommandClient;
import dev.prefs.command.preferences.StoredEvents;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantId;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.JwtTokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** PATCH of a tenant's and of the system's defaults through real HTTP, against a real event store. */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
class DefaultsCommandApiIT {

    static final TestDatabase DB = TestDatabase.create("command_defaults");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = CommandClient.token("support", JwtTokens.ADMIN_SCOPE, null);

    @LocalServerPort
    int port;

    private CommandClient client;
    private final StoredEvents events = new StoredEvents(DB);

    @BeforeEach
    void setUp() {
        client = new CommandClient(port);
    }

    // --- a tenant's defaults ---

    @Test
    void theTenantsAdminSetsItsDefaultsAndTheFirstPatchCreatesThem() {
        HttpResponse<String> response = patchTenant("t-first", """
                {"theme": "light", "language": "de-at", "notifications": {"sms": true},
                 "enforced": {"theme": true}}""", adminOf("t-first"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"tenantId\": \"t-first\", \"version\": 1}"));
        assertThat(events.of(TenantId.stream("t-first"))).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("TenantDefaultsChangedEvent");
            assertThat(JSON.readTree(event.payload())).isEqualTo(JSON.readTree("""
                    {"tenantId": "t-first",
                     "defaults": {"theme": "light", "language": "de-AT",
                                  "notifications": {"email": null, "push": null, "sms": true}},
                     "enforced": ["theme"]}"""));
            assertThat(JSON.readTree(event.metaData()).get("sub").stringValue()).isEqualTo("t-first-admin");
        });
    }

    @Test
    void anotherTenantsAdminAndTheTenantsUsersAreForbiddenAndNothingIsWritten() {
        patchTenant("t-guarded", "{\"theme\": \"light\"}", adminOf("t-guarded"));

        List<HttpResponse<String>> answers = List.of(
                patchTenant("t-guarded", "{\"theme\": \"dark\"}", adminOf("t-other")),
                patchTenant("t-guarded", "{\"theme\": \"dark\"}", CommandClient.token("member", null, "t-guarded")),
                patchTenant("t-guarded", "{\"theme\": \"dark\"}", adminOf("t-other"), "Idempotency-Key", "x-1"));

        for (HttpResponse<String> answer : answers) {
            assertProblem(answer, 403);
            assertThat(type(answer)).isEqualTo(ProblemType.FORBIDDEN.uri().toString());
        }
        assertThat(events.count(TenantId.stream("t-guarded"))).isEqualTo(1);
        assertThat(client.patchPath("/api/tenants/t-guarded/defaults", "{\"theme\": \"dark\"}", "Authorization",
                ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void enforcingAFieldWithoutADefaultAnswers409() {
        patchTenant("t-enforce", "{\"theme\": \"light\", \"enforced\": {\"theme\": true}}", ADMIN);

        HttpResponse<String> noDefault = patchTenant("t-enforce", "{\"enforced\": {\"language\": true}}", ADMIN);
        HttpResponse<String> removesDefault = patchTenant("t-enforce", "{\"theme\": null}", ADMIN);
        HttpResponse<String> neverSet = patchTenant("t-enforce-new", "{\"enforced\": {\"notifications.sms\": true}}",
                ADMIN);

        for (HttpResponse<String> answer : List.of(noDefault, removesDefault, neverSet)) {
            assertProblem(answer, 409);
            assertThat(type(answer)).isEqualTo(ProblemType.ENFORCED_WITHOUT_DEFAULT.uri().toString());
        }
        assertThat(JSON.readTree(noDefault.body()).get("detail").stringValue()).contains("language");
        assertThat(events.count(TenantId.stream("t-enforce"))).isEqualTo(1);
        assertThat(events.count(TenantId.stream("t-enforce-new"))).isZero();
        HttpResponse<String> both = patchTenant("t-enforce", "{\"theme\": null, \"enforced\": {\"theme\": false}}",
                ADMIN);
        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(JSON.readTree(events.of(TenantId.stream("t-enforce")).get(1).payload())).isEqualTo(JSON.readTree("""
                {"tenantId": "t-enforce", "defaults": {"theme": null, "language": null,
                 "notifications": {"email": null, "push": null, "sms": null}}, "enforced": []}"""));
    }

    @Test
    void nullRemovesADefaultAndANoOpAppendsNothing() {
        patchTenant("t-null", "{\"theme\": \"light\", \"language\": \"fr\"}", ADMIN);

        HttpResponse<String> removed = patchTenant("t-null", "{\"language\": null}", ADMIN);
        HttpResponse<String> same = patchTenant("t-null", "{\"theme\": \"light\", \"language\": null}", ADMIN);
        HttpResponse<String> empty = patchTenant("t-null", "{}", ADMIN);

        assertThat(removed.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(JSON.readTree(events.of(TenantId.stream("t-null")).get(1).payload()).get("defaults")
                .get("language").isNull()).isTrue();
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(JSON.readTree(empty.body()).get("version").asLong()).isEqualTo(2);
        assertThat(events.count(TenantId.stream("t-null"))).isEqualTo(2);
    }

    @Test
    void anEmptyPatchOfATenantWithoutDefaultsAppendsNothingAndAnswersVersionZero() {
        HttpResponse<String> response = patchTenant("t-empty", "{\"enforced\": {\"theme\": false}}", ADMIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(events.count(TenantId.stream("t-empty"))).isZero();
        assertThat(patchTenant("t-empty", "{\"theme\": \"system\"}", ADMIN).headers().firstValue("ETag"))
                .hasValue("\"1\"");
    }

    @Test
    void ifMatchMustBeTheTenantsCurrentVersion() {
        assertProblem(patchTenant("t-ifmatch", "{\"theme\": \"light\"}", ADMIN, "If-Match", "*"), 412);
        patchTenant("t-ifmatch", "{\"theme\": \"light\"}", ADMIN);

        HttpResponse<String> stale = patchTenant("t-ifmatch", "{\"theme\": \"dark\"}", ADMIN, "If-Match", "\"2\"");
        HttpResponse<String> current = patchTenant("t-ifmatch", "{\"theme\": \"dark\"}", ADMIN, "If-Match", "\"1\"");
        HttpResponse<String> unparseable = patchTenant("t-ifmatch", "{\"theme\": \"system\"}", ADMIN, "If-Match", "2");

        assertProblem(stale, 412);
        assertThat(type(stale)).isEqualTo(ProblemType.VERSION_MISMATCH.uri().toString());
        assertThat(current.headers().firstValue("ETag")).hasValue("\"2\"");
        assertProblem(unparseable, 400);
        assertThat(events.count(TenantId.stream("t-ifmatch"))).isEqualTo(2);
    }

    @Test
    void aRepeatedKeyAnswersTheFirstAnswerAndAnotherBodyWithItIs422() {
        HttpResponse<String> first = patchTenant("t-key", "{\"theme\": \"light\"}", ADMIN, "Idempotency-Key", "k-1");
        patchTenant("t-key", "{\"theme\": \"system\"}", ADMIN);
        HttpResponse<String> again = patchTenant("t-key", "{ \"theme\" : \"light\" }", ADMIN,
                "Idempotency-Key", "k-1");
        HttpResponse<String> reused = patchTenant("t-key", "{\"theme\": \"dark\"}", ADMIN, "Idempotency-Key", "k-1");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertProblem(reused, 422);
        assertThat(type(reused)).isEqualTo(ProblemType.IDEMPOTENCY_KEY_REUSED.uri().toString());
        assertThat(events.count(TenantId.stream("t-key"))).isEqualTo(2);
    }

    /** A user and a tenant may have the same id; their keys are still apart. */
    @Test
    void aTenantsKeysNeverCollideWithAUsersKeys() {
        String same = "shared-id";
        assertThat(client.create(same, "{\"theme\": \"light\"}", "Idempotency-Key", "same-key").statusCode())
                .isEqualTo(201);

        HttpResponse<String> tenant = patchTenant(same, "{\"theme\": \"light\"}", ADMIN, "Idempotency-Key",
                "same-key");
        HttpResponse<String> system = client.patchPath("/admin/defaults", "{\"language\": \"en\"}", "Authorization",
                ADMIN, "Idempotency-Key", "same-key");

        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(200);
        assertThat(tenant.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(system.statusCode()).as(system.body()).isEqualTo(200);
        assertThat(events.count(TenantId.stream(same))).isEqualTo(1);
    }

    @Test
    void aLongestTenantIdTakesAKey() {
        String longest = "t".repeat(128);
        HttpResponse<String> response = patchTenant(longest, "{\"theme\": \"light\"}", ADMIN,
                "Idempotency-Key", "long-1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(patchTenant(longest, "{\"theme\": \"light\"}", ADMIN, "Idempotency-Key", "long-1")
                .headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void badBodiesAnswer4xxNamingEachFieldAndWriteNothing() {
        HttpResponse<String> fields = patchTenant("t-bad", """
                {"theme": 1, "colour": "red", "notifications": {"fax": true, "sms": "yes"},
                 "enforced": {"notifications.fax": true, "language": "yes"}}""", ADMIN);
        HttpResponse<String> values = patchTenant("t-bad", "{\"theme\": \"blue\", \"language\": \"not a tag\"}",
                ADMIN);
        HttpResponse<String> enforcedType = patchTenant("t-bad", "{\"enforced\": [\"theme\"]}", ADMIN);

        assertProblem(fields, 400);
        assertThat(errorFields(fields)).containsExactlyInAnyOrder("theme", "colour", "notifications.fax",
                "notifications.sms", "enforced.notifications.fax", "enforced.language");
        assertProblem(values, 400);
        assertThat(errorFields(values)).containsExactlyInAnyOrder("theme", "language");
        assertProblem(enforcedType, 400);
        assertThat(errorFields(enforcedType)).containsExactly("enforced");
        assertProblem(patchTenant("t-bad", "{\"theme\": ", ADMIN), 400);
        assertProblem(patchTenant("t-bad", "{\"theme\": \"light\", \"theme\": \"dark\"}", ADMIN), 400);
        assertProblem(patchTenant("t-bad", "[]", ADMIN), 400);
        assertProblem(patchTenant("t-bad", "{\"theme\": \"light\"}", ADMIN, "Content-Type", "text/plain"), 415);
        assertProblem(patchTenant("t-bad", "{\"theme\": \"light\"}", ADMIN, "Idempotency-Key", "has space"), 400);
        String large = "{\"theme\": \"" + "x".repeat(16 * 1024) + "\"}";
        assertProblem(patchTenant("t-bad", large, ADMIN), 413);
        byte[] bytes = large.getBytes(StandardCharsets.UTF_8);
        assertProblem(client.request("PATCH", "/api/tenants/t-bad/defaults",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                "Content-Type", "application/json", "Authorization", ADMIN), 413);
        assertProblem(patchTenant("bad%20tenant", "{\"theme\": \"light\"}", ADMIN), 400);
        assertThat(events.count(TenantId.stream("t-bad"))).isZero();
    }

    // --- the system defaults ---

    @Test
    void theSystemDefaultsStartBuiltInAndNullReturnsAFieldToItsBuiltInValue() {
        int before = events.count(SystemDefaultsChangedEvent.STREAM);
        HttpResponse<String> changed = patchSystem("{\"theme\": \"system\", \"notifications\": {\"sms\": true}}",
                ADMIN);
        long version = JSON.readTree(changed.body()).get("version").asLong();

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"" + version + "\"");
        assertThat(JSON.readTree(changed.body()).propertyNames()).containsExactly("version");
        assertThat(lastSystemDefaults().get("theme").stringValue()).isEqualTo("system");
        assertThat(lastSystemDefaults().get("notifications").get("sms").booleanValue()).isTrue();

        HttpResponse<String> back = patchSystem("{\"theme\": null, \"notifications\": null}", ADMIN,
                "If-Match", "\"" + version + "\"");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(lastSystemDefaults().get("theme").stringValue()).isEqualTo("dark");
        assertThat(lastSystemDefaults().get("notifications"))
                .isEqualTo(JSON.readTree("{\"email\": true, \"push\": true, \"sms\": false}"));

        HttpResponse<String> noOp = patchSystem("{\"theme\": \"dark\"}", ADMIN);
        assertThat(noOp.headers().firstValue("ETag")).isEqualTo(back.headers().firstValue("ETag"));
        assertProblem(patchSystem("{\"theme\": \"light\"}", ADMIN, "If-Match", "\"" + version + "\""), 412);
        assertThat(events.count(SystemDefaultsChangedEvent.STREAM)).isEqualTo(before + 2);
    }

    @Test
    void onlyAnAdminChangesTheSystemDefaultsAndEnforcedIsNotOneOfTheirFields() {
        int before = events.count(SystemDefaultsChangedEvent.STREAM);

        HttpResponse<String> tenantAdmin = patchSystem("{\"theme\": \"light\"}", adminOf("acme"));
        HttpResponse<String> user = patchSystem("{\"theme\": \"light\"}", CommandClient.token("u", null, null));
        HttpResponse<String> enforced = patchSystem("{\"theme\": \"light\", \"enforced\": {\"theme\": true}}", ADMIN);

        assertProblem(tenantAdmin, 403);
        assertProblem(user, 403);
        assertProblem(enforced, 400);
        assertThat(errorFields(enforced)).containsExactly("enforced");
        assertProblem(patchSystem("{\"language\": \"not a tag\"}", ADMIN), 400);
        assertThat(events.count(SystemDefaultsChangedEvent.STREAM)).isEqualTo(before);
    }

    @Test
    void aRepeatedKeyOnTheSystemDefaultsAnswersTheFirstAnswer() {
        HttpResponse<String> first = patchSystem("{\"language\": \"en-GB\"}", ADMIN, "Idempotency-Key", "sys-1");
        int after = events.count(SystemDefaultsChangedEvent.STREAM);

        HttpResponse<String> again = patchSystem("{\"language\": \"en-GB\"}", ADMIN, "Idempotency-Key", "sys-1");
        HttpResponse<String> reused = patchSystem("{\"language\": \"fr\"}", ADMIN, "Idempotency-Key", "sys-1");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertProblem(reused, 422);
        assertThat(events.count(SystemDefaultsChangedEvent.STREAM)).isEqualTo(after);
        patchSystem("{\"language\": null}", ADMIN);
    }

    @Test
    void theOpenApiDocumentShowsBothPatches() throws Exception {
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v3/api-docs"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode paths = JSON.readTree(response.body()).path("paths");
        JsonNode tenant = paths.path("/api/tenants/{tenantId}/defaults").path("patch");
        JsonNode system = paths.path("/admin/defaults").path("patch");

        assertThat(tenant.path("operationId").stringValue()).isEqualTo("changeTenantDefaults");
        assertThat(tenant.path("responses").propertyNames()).contains("200", "400", "403", "409", "412", "422");
        assertThat(tenant.path("requestBody").path("content").path("application/merge-patch+json").path("schema")
                .path("$ref").stringValue()).endsWith("/TenantDefaultsPatch");
        assertThat(system.path("operationId").stringValue()).isEqualTo("changeSystemDefaults");
        assertThat(system.path("responses").propertyNames()).contains("200", "400", "403", "412", "422");
    }

    private JsonNode lastSystemDefaults() {
        List<StoredEvents.Row> rows = events.of(SystemDefaultsChangedEvent.STREAM);
        return JSON.readTree(rows.get(rows.size() - 1).payload()).get("defaults");
    }

    private HttpResponse<String> patchTenant(String tenantId, String json, String token, String... headers) {
        return client.patchPath("/api/tenants/" + tenantId + "/defaults", json, with(token, headers));
    }

    private HttpResponse<String> patchSystem(String json, String token, String... headers) {
        return client.patchPath("/admin/defaults", json, with(token, headers));
    }

    private static String[] with(String token, String... headers) {
        String[] all = new String[headers.length + 2];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = token;
        return all;
    }

    private static String adminOf(String tenantId) {
        return CommandClient.token(tenantId + "-admin", JwtTokens.TENANT_ADMIN_SCOPE, tenantId);
    }

    private static String type(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("type").stringValue();
    }

    private static List<String> errorFields(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("errors").valueStream()
                .map(error -> error.get("field").stringValue()).toList();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").stringValue()).isNotBlank();
    }
}
