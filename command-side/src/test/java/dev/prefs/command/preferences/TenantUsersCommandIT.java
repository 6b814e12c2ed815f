package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.JwtTokens;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tenants release on a user's writes, through real HTTP: whose tenant a user joins, and who may touch them. */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
class TenantUsersCommandIT {

    static final TestDatabase DB = TestDatabase.create("command_tenant_users");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = CommandClient.token("support", JwtTokens.ADMIN_SCOPE, null);
    private static final String ACME_ADMIN = CommandClient.token("acme-boss", JwtTokens.TENANT_ADMIN_SCOPE, "acme");
    private static final String GLOBEX_ADMIN =
            CommandClient.token("globex-boss", JwtTokens.TENANT_ADMIN_SCOPE, "globex");

    @LocalServerPort
    int port;

    private CommandClient client;
    private final StoredEvents events = new StoredEvents(DB);

    @BeforeEach
    void setUp() {
        client = new CommandClient(port);
    }

    @Test
    void aUserJoinsTheTenantOfTheTokenClaimOrTheSameTenantNamedInTheBody() {
        assertThat(client.create("claim-1", "{}", auth(CommandClient.token("claim-1", null, "acme")))
                .statusCode()).isEqualTo(201);
        assertThat(client.create("claim-2", "{\"tenantId\": \"acme\"}",
                auth(CommandClient.token("claim-2", null, "acme"))).statusCode()).isEqualTo(201);
        assertThat(client.create("claim-3", "{\"theme\": \"light\"}").statusCode()).isEqualTo(201);

        assertThat(payload("claim-1", 0).get("tenantId").stringValue()).isEqualTo("acme");
        assertThat(payload("claim-2", 0).get("tenantId").stringValue()).isEqualTo("acme");
        JsonNode noTenant = payload("claim-3", 0);
        assertThat(noTenant.get("tenantId").isNull()).isTrue();
        assertThat(noTenant.get("theme").stringValue()).isEqualTo("light");
        assertThat(noTenant.get("language").isNull()).as("no explicit language: it inherits").isTrue();
    }

    @Test
    void aBodyTenantOtherThanTheClaimIsForbiddenUnlessAdmin() {
        HttpResponse<String> user = client.create("other-1", "{\"tenantId\": \"globex\"}",
                auth(CommandClient.token("other-1", null, "acme")));
        HttpResponse<String> noClaim = client.create("other-2", "{\"tenantId\": \"globex\"}");
        HttpResponse<String> admin = client.create("other-3", "{\"tenantId\": \"globex\"}", auth(ADMIN));

        assertForbidden(user);
        assertForbidden(noClaim);
        assertThat(events.count("other-1") + events.count("other-2")).isZero();
        assertThat(admin.statusCode()).isEqualTo(201);
        assertThat(payload("other-3", 0).get("tenantId").stringValue()).isEqualTo("globex");
    }

    @Test
    void aTenantAdminCreatesUsersOnlyInTheirOwnTenant() {
        assertThat(client.create("made-1", "{}", auth(ACME_ADMIN)).statusCode()).isEqualTo(201);
        assertForbidden(client.create("made-2", "{\"tenantId\": \"globex\"}", auth(ACME_ADMIN)));

        assertThat(payload("made-1", 0).get("tenantId").stringValue()).isEqualTo("acme");
        assertThat(JSON.readTree(events.of("made-1").get(0).metaData()).get("sub").stringValue())
                .isEqualTo("acme-boss");
        assertThat(events.count("made-2")).isZero();
    }

    @Test
    void anInvalidOrMistypedTenantIdAnswers400() {
        HttpResponse<String> invalid = client.create("bad-tenant-1", "{\"tenantId\": \"no spaces\", \"theme\": 1}",
                auth(ADMIN));
        HttpResponse<String> mistyped = client.create("bad-tenant-2", "{\"tenantId\": 7}", auth(ADMIN));

        assertProblem(invalid, 400);
        assertThat(errorFields(invalid)).containsExactlyInAnyOrder("theme");
        assertProblem(mistyped, 400);
        assertThat(errorFields(mistyped)).containsExactly("tenantId");
        HttpResponse<String> rule = client.create("bad-tenant-3", "{\"tenantId\": \"no spaces\"}", auth(ADMIN));
        assertProblem(rule, 400);
        assertThat(errorFields(rule)).containsExactly("tenantId");
        assertThat(events.count("bad-tenant-1") + events.count("bad-tenant-2") + events.count("bad-tenant-3"))
                .isZero();
    }

    @Test
    void anotherTenantsAdminIsForbiddenEveryWriteAndNothingIsWritten() {
        client.create("acme-user", "{\"theme\": \"light\"}", auth(ACME_ADMIN));

        List<HttpResponse<String>> answers = List.of(
                client.patch("acme-user", "{\"theme\": \"system\"}", auth(GLOBEX_ADMIN)),
                client.reset("acme-user", auth(GLOBEX_ADMIN)),
                client.delete("acme-user", auth(GLOBEX_ADMIN)),
                client.create("acme-user", "{}", auth(GLOBEX_ADMIN)),
                client.patch("acme-user", "{\"theme\": \"system\"}", "Authorization", GLOBEX_ADMIN,
                        "Idempotency-Key", "g-1"));

        answers.forEach(TenantUsersCommandIT::assertForbidden);
        assertThat(events.count("acme-user")).isEqualTo(1);
        assertThat(keysStored("acme-user")).isZero();
    }

    @Test
    void aTenantAdminIsForbiddenUsersThatDoNotExistRatherThanToldTheyAreAbsent() {
        assertForbidden(client.patch("nobody-yet", "{\"theme\": \"light\"}", auth(ACME_ADMIN)));
        assertForbidden(client.delete("nobody-yet", auth(ACME_ADMIN)));
        assertProblem(client.patch("nobody-yet", "{\"theme\": \"light\"}", auth(ADMIN)), 404);
        assertThat(events.count("nobody-yet")).isZero();
    }

    @Test
    void aTenantAdminChangesResetsAndDeletesTheirOwnUsers() {
        client.create("own-1", "{\"theme\": \"light\"}", auth(ACME_ADMIN));

        assertThat(client.patch("own-1", "{\"language\": \"de\"}", auth(ACME_ADMIN)).statusCode()).isEqualTo(200);
        assertThat(client.reset("own-1", auth(ACME_ADMIN)).statusCode()).isEqualTo(200);
        assertThat(client.delete("own-1", auth(ACME_ADMIN)).statusCode()).isEqualTo(204);

        assertThat(events.types("own-1")).containsExactly("PreferencesCreatedEvent", "LanguageChangedEvent",
                "PreferencesResetEvent", "PreferencesDeletedEvent");
    }

    @Test
    void onlyAnAdminMovesAUserAndAMoveToTheSameTenantAppendsNothing() {
        client.create("mover", "{}", auth(ACME_ADMIN));

        assertForbidden(client.patch("mover", "{\"tenantId\": \"acme\"}"));
        assertForbidden(client.patch("mover", "{\"tenantId\": \"acme\"}", auth(ACME_ADMIN)));
        HttpResponse<String> same = client.patch("mover", "{\"tenantId\": \"acme\"}", auth(ADMIN));
        HttpResponse<String> moved = client.patch("mover", "{\"tenantId\": \"globex\"}", auth(ADMIN));

        assertThat(same.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(events.types("mover")).containsExactly("PreferencesCreatedEvent", "PreferencesMovedEvent");
        assertThat(payload("mover", 1).get("tenantId").stringValue()).isEqualTo("globex");
        assertForbidden(client.patch("mover", "{\"theme\": \"light\"}", auth(ACME_ADMIN)));
        assertThat(client.patch("mover", "{\"theme\": \"light\"}", auth(GLOBEX_ADMIN)).statusCode()).isEqualTo(200);
        HttpResponse<String> out = client.patch("mover", "{\"tenantId\": null}", auth(ADMIN));
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(payload("mover", 3).get("tenantId").isNull()).isTrue();
    }

    @Test
    void nullInAPatchMeansInheritAndResetClearsEveryExplicitValue() {
        client.create("inherit-1", "{\"theme\": \"light\", \"notifications\": {\"sms\": true}}");

        client.patch("inherit-1", "{\"theme\": null, \"notifications\": {\"sms\": null, \"push\": false}}");
        client.reset("inherit-1");
        HttpResponse<String> again = client.reset("inherit-1");

        assertThat(payload("inherit-1", 1)).isEqualTo(JSON.readTree("{\"userId\": \"inherit-1\", \"theme\": null}"));
        assertThat(payload("inherit-1", 2).get("notifications"))
                .isEqualTo(JSON.readTree("{\"email\": null, \"push\": false, \"sms\": null}"));
        assertThat(payload("inherit-1", 3)).isEqualTo(JSON.readTree("""
                {"userId": "inherit-1", "theme": null, "language": null,
                 "notifications": {"email": null, "push": null, "sms": null}}"""));
        assertThat(again.headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(events.count("inherit-1")).isEqualTo(4);
    }

    @Test
    void ifMatchTakesTheEtagOfTheUsersGetAndComparesTheUsersVersionOnly() {
        client.create("etag-1", "{}");

        assertProblem(client.patch("etag-1", "{\"theme\": \"light\"}", "If-Match", "\"2.1.1.3\""), 412);
        assertProblem(client.patch("etag-1", "{\"theme\": \"light\"}", "If-Match", "\"1.1.1\""), 412);
        HttpResponse<String> matched = client.patch("etag-1", "{\"theme\": \"light\"}", "If-Match", "\"1.4.2.3\"");
        HttpResponse<String> reset = client.reset("etag-1", "If-Match", "\"2.0.0.3\"");

        assertThat(matched.statusCode()).as(matched.body()).isEqualTo(200);
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(events.count("etag-1")).isEqualTo(3);
    }

    private JsonNode payload(String userId, int index) {
        return JSON.readTree(events.of(userId).get(index).payload());
    }

    private static String[] auth(String token) {
        return new String[] {"Authorization", token};
    }

    private static int keysStored(String scope) {
        try (var connection = DB.connect();
             var statement = connection.prepareStatement("SELECT count(*) FROM idempotency_keys WHERE user_id = ?")) {
            statement.setString(1, scope);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertForbidden(HttpResponse<String> response) {
        assertProblem(response, 403);
        assertThat(JSON.readTree(response.body()).get("type").stringValue())
                .isEqualTo(ProblemType.FORBIDDEN.uri().toString());
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").stringValue()).isNotBlank();
    }

    static List<String> errorFields(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("errors").valueStream()
                .map(error -> error.get("field").stringValue()).toList();
    }
}
