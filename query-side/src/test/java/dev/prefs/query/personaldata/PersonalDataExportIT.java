package dev.prefs.query.personaldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PrefsEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/users/{userId}/export} through real HTTP on a real PostgreSQL: what it holds (the effective
 * preferences as GET answers them, the tenant, every event with its metadata, the stored Idempotency-Keys), its
 * headers, who may ask, and a deleted, a never created and an erased user. Events are appended through the event
 * store (so stored encrypted, as the command side stores them) with the metadata the command side gives them.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
class PersonalDataExportIT {

    static final TestDatabase DB = TestDatabase.create("personal_data_export");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Long> VERSIONS = new HashMap<>();

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PersonalDataErasure erasure;
    @LocalServerPort
    int port;

    private HttpJson http;

    @BeforeEach
    void setUp() {
        http = new HttpJson(port);
    }

    @Test
    void theExportHoldsEverythingStoredAboutTheUser() {
        Instant t = Instant.parse("2025-10-01T10:00:00Z");
        append(t, "boss", null, new TenantDefaultsChangedEvent("acme",
                new PreferenceValues(null, "fr", ChannelChoices.NONE), Set.of(PreferenceField.LANGUAGE)));
        append(t.plusSeconds(1), "ada", "key-create", new PreferencesCreatedEvent("ada", "acme", "light", "de",
                ChannelChoices.NONE));
        append(t.plusSeconds(2), "ada", "key-theme", new ThemeChangedEvent("ada", "dark"));
        append(t.plusSeconds(3), "boss", null, new NotificationsChangedEvent("ada",
                new ChannelChoices(false, null, true)));
        storeKey("ada", "key-create", "CREATE", 201, 1, t.plusSeconds(1));
        storeKey("ada", "key-theme", "CHANGE", 200, 2, t.plusSeconds(2));
        storeKey("bea", "key-bea", "CREATE", 201, 1, t.plusSeconds(1));
        Instant before = Instant.now();

        HttpResponse<String> response = http.get("/api/users/ada/export", "Authorization", token("ada", null, null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"prefs-export-ada.json\"");
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
        JsonNode body = HttpJson.json(response);
        assertThat(body.propertyNames()).containsExactly("userId", "exportedAt", "tenantId", "deleted",
                "preferences", "history", "idempotencyKeys");
        assertThat(body.get("userId").asString()).isEqualTo("ada");
        assertThat(body.get("tenantId").asString()).isEqualTo("acme");
        assertThat(body.get("deleted").asBoolean()).isFalse();
        assertThat(body.get("exportedAt").asString()).endsWith("Z");
        assertThat(Instant.parse(body.get("exportedAt").asString())).isBetween(before.minusMillis(1), Instant.now());

        // The effective preferences: the answer GET gives once the read model holds the last event.
        JsonNode preferences = body.get("preferences");
        assertThat(preferences).isEqualTo(currentPreferences("ada", 3));
        assertThat(preferences.get("theme").asString()).isEqualTo("dark");
        assertThat(preferences.get("language").asString()).isEqualTo("fr");
        assertThat(preferences.get("notifications")).isEqualTo(json("""
                {"email": false, "push": true, "sms": true}"""));
        assertThat(preferences.get("sources")).isEqualTo(json("""
                {"theme": "user", "language": "tenant-enforced", "notifications.email": "user",
                 "notifications.push": "system", "notifications.sms": "user"}"""));
        assertThat(preferences.get("version").asLong()).isEqualTo(3);

        JsonNode history = body.get("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).propertyNames()).containsExactly("version", "type", "at", "changes", "by",
                "correlationId", "idempotencyKey", "metadata");
        assertThat(history.get(0).get("version").asLong()).isEqualTo(1);
        assertThat(history.get(0).get("type").asString()).isEqualTo("PreferencesCreated");
        assertThat(history.get(0).get("at").asString()).isEqualTo("2025-10-01T10:00:01Z");
        assertThat(history.get(0).get("changes").get("tenantId")).isEqualTo(json("""
                {"from": null, "to": "acme"}"""));
        assertThat(history.get(0).get("changes").get("theme")).isEqualTo(json("""
                {"from": null, "to": "light"}"""));
        assertThat(history.get(0).get("by").asString()).isEqualTo("ada");
        assertThat(history.get(0).get("correlationId").asString()).isEqualTo("corr-ada-0");
        assertThat(history.get(0).get("idempotencyKey").asString()).isEqualTo("key-create");
        assertThat(history.get(0).get("metadata")).isEqualTo(json("""
                {"correlationId": "corr-ada-0", "idempotencyKey": "key-create", "sub": "ada",
                 "traceId": "trace-ada-0"}"""));
        assertThat(history.get(1)).isEqualTo(json("""
                {"version": 2, "type": "ThemeChanged", "at": "2025-10-01T10:00:02Z",
                 "changes": {"theme": {"from": "light", "to": "dark"}}, "by": "ada", "correlationId": "corr-ada-1",
                 "idempotencyKey": "key-theme",
                 "metadata": {"correlationId": "corr-ada-1", "idempotencyKey": "key-theme", "sub": "ada",
                              "traceId": "trace-ada-1"}}"""));
        assertThat(history.get(2)).isEqualTo(json("""
                {"version": 3, "type": "NotificationsChanged", "at": "2025-10-01T10:00:03Z",
                 "changes": {"notifications.email": {"from": null, "to": false},
                             "notifications.sms": {"from": null, "to": true}},
                 "by": "boss", "correlationId": "corr-ada-2", "idempotencyKey": null,
                 "metadata": {"correlationId": "corr-ada-2", "sub": "boss", "traceId": "trace-ada-2"}}"""));

        // Only this user's keys, oldest first, every column as stored.
        JsonNode keys = body.get("idempotencyKeys");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0)).isEqualTo(json("""
                {"idempotencyKey": "key-create", "operation": "CREATE", "status": 201, "version": 1,
                 "requestHash": "%s", "createdAt": "2025-10-01T10:00:01Z"}""".formatted(hash("key-create"))));
        assertThat(keys.get(1).get("idempotencyKey").asString()).isEqualTo("key-theme");
        assertThat(keys.get(1).get("operation").asString()).isEqualTo("CHANGE");
        assertThat(keys.get(1).get("createdAt").asString()).isEqualTo("2025-10-01T10:00:02Z");
    }

    @Test
    void theUserAnAdminAndTheAdminOfTheUsersTenantMayExportNobodyElse() {
        Instant t = Instant.parse("2025-10-02T10:00:00Z");
        append(t, "cy", null, new PreferencesCreatedEvent("cy", "north", null, null, null));
        append(t, "lone", null, new PreferencesCreatedEvent("lone", null, null, null, null));
        String north = token("north-admin", JwtTokens.TENANT_ADMIN_SCOPE, "north");
        String south = token("south-admin", JwtTokens.TENANT_ADMIN_SCOPE, "south");

        assertThat(http.get("/api/users/cy/export", "Authorization", token("cy", null, null)).statusCode())
                .isEqualTo(200);
        assertThat(http.get("/api/users/cy/export").statusCode()).as("an admin").isEqualTo(200);
        assertThat(http.get("/api/users/cy/export", "Authorization", north).statusCode()).isEqualTo(200);
        assertProblem(http.get("/api/users/cy/export", "Authorization", south), 403, "forbidden");
        assertProblem(http.get("/api/users/cy/export", "Authorization", token("lone", null, null)), 403,
                "forbidden");
        assertProblem(http.get("/api/users/cy/export", "Authorization", token("visitor", null, "north")), 403,
                "forbidden");
        // A user of no tenant is no tenant admin's, and a tenant admin learns nothing of a user who never existed.
        assertProblem(http.get("/api/users/lone/export", "Authorization", north), 403, "forbidden");
        assertProblem(http.get("/api/users/nobody/export", "Authorization", north), 403, "forbidden");
    }

    @Test
    void aDeletedUsersHistoryIsStillStoredAndExported() {
        Instant t = Instant.parse("2025-10-03T10:00:00Z");
        append(t, "dee", "key-dee", new PreferencesCreatedEvent("dee", "west", "light", null, null));
        append(t.plusSeconds(1), "dee", null, new PreferencesDeletedEvent("dee"));

        for (String caller : List.of(token("dee", null, null),
                token("west-admin", JwtTokens.TENANT_ADMIN_SCOPE, "west"))) {
            HttpResponse<String> response = http.get("/api/users/dee/export", "Authorization", caller);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = HttpJson.json(response);
            assertThat(body.get("deleted").asBoolean()).isTrue();
            assertThat(body.has("preferences")).as("no effective preferences once deleted").isFalse();
            assertThat(body.get("tenantId").asString()).isEqualTo("west");
            assertThat(types(body)).containsExactly("PreferencesCreated", "PreferencesDeleted");
            assertThat(body.get("history").get(0).get("idempotencyKey").asString()).isEqualTo("key-dee");
        }
    }

    @Test
    void neverCreatedIs404AndAnErasedUserIs410UntilCreatedAgain() {
        assertProblem(http.get("/api/users/never/export"), 404, "preferences-not-found");

        Instant t = Instant.parse("2025-10-04T10:00:00Z");
        append(t, "eve", "key-eve", new PreferencesCreatedEvent("eve", null, "light", null, null));
        append(t.plusSeconds(1), "eve", null, new ThemeChangedEvent("eve", "dark"));
        storeKey("eve", "key-eve", "CREATE", 201, 1, t);
        assertThat(erasure.erase("eve")).isPresent();
        VERSIONS.remove("eve");

        assertProblem(http.get("/api/users/eve/export", "Authorization", token("eve", null, null)), 410, "erased");
        assertProblem(http.get("/api/users/eve/export"), 410, "erased");

        // Created again, the user id is a new user, with nothing of the erased one.
        append(t.plusSeconds(60), "eve", null, new PreferencesCreatedEvent("eve", null, null, "pt-BR", null));
        HttpResponse<String> again = http.get("/api/users/eve/export", "Authorization", token("eve", null, null));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode body = HttpJson.json(again);
        assertThat(types(body)).containsExactly("PreferencesCreated");
        assertThat(body.get("history").get(0).get("at").asString()).isEqualTo("2025-10-04T10:01:00Z");
        assertThat(body.get("preferences").get("theme").asString()).as("the built-in default").isEqualTo("dark");
        assertThat(body.get("preferences").get("language").asString()).isEqualTo("pt-BR");
        assertThat(body.get("idempotencyKeys")).isEmpty();
    }

    @Test
    void aMalformedUserIdIs400AndAnAcceptWithoutJson406AsForEveryRead() {
        JsonNode invalid = assertProblem(http.get("/api/users/bad%20id/export"), 400, "validation-failed");
        assertThat(invalid.get("errors").get(0).get("field").asString()).isEqualTo("userId");

        append(Instant.parse("2025-10-05T10:00:00Z"), "fay", null,
                new PreferencesCreatedEvent("fay", null, null, null, null));
        // As every read answers an Accept it cannot serve (the history's, for one).
        HttpResponse<String> html = http.get("/api/users/fay/export", "Accept", "text/html");
        HttpResponse<String> history = http.get("/api/users/fay/preferences/history", "Accept", "text/html");
        assertThat(html.statusCode()).as(html.body()).isEqualTo(406);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(withoutInstance(html)).isEqualTo(withoutInstance(history));
        assertThat(http.get("/api/users/fay/export", "Accept", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void theDocumentDescribesTheExport() {
        JsonNode document = HttpJson.json(http.get("/v3/api-docs"));

        JsonNode get = document.get("paths").get("/api/users/{userId}/export").get("get");
        assertThat(get.get("responses").propertyNames()).contains("200", "400", "403", "404", "406", "410");
        assertThat(get.get("responses").get("200").get("headers").propertyNames())
                .contains("Content-Disposition", "Cache-Control");
        JsonNode schemas = document.get("components").get("schemas");
        assertThat(schemas.get("PersonalDataExport").get("properties").propertyNames()).containsExactlyInAnyOrder(
                "userId", "exportedAt", "tenantId", "deleted", "preferences", "history", "idempotencyKeys");
        assertThat(schemas.get("ExportedEvent").get("properties").propertyNames()).contains("idempotencyKey",
                "metadata");
    }

    /** GET's answer for {@code userId} once the read model holds {@code version}. */
    private JsonNode currentPreferences(String userId, long version) {
        String path = "/api/users/" + userId + "/preferences?minVersion=" + version;
        List<HttpResponse<String>> answer = new ArrayList<>(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            answer.clear();
            answer.add(http.get(path));
            return answer.get(0).statusCode() != 503;
        });
        assertThat(answer.get(0).statusCode()).as(answer.get(0).body()).isEqualTo(200);
        return HttpJson.json(answer.get(0));
    }

    /**
     * Appends {@code event} to its stream at {@code at} with the metadata the command side gives events: the sub,
     * Axon's correlation and trace ids, and the request's Idempotency-Key when it had one.
     */
    private void append(Instant at, String sub, String idempotencyKey, PrefsEvent event) {
        String stream = event.streamId();
        long sequence;
        synchronized (VERSIONS) {
            sequence = VERSIONS.merge(stream, 1L, Long::sum) - 1;
        }
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put("sub", sub);
        metaData.put("correlationId", "corr-" + stream + "-" + sequence);
        metaData.put("traceId", "trace-" + stream + "-" + sequence);
        if (idempotencyKey != null) {
            metaData.put("idempotencyKey", idempotencyKey);
        }
        String type = event instanceof TenantDefaultsChangedEvent ? "TenantDefaults" : "UserPreferences";
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(type, stream, sequence, event, metaData,
                UUID.randomUUID().toString(), at);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(message));
    }

    /** A row of idempotency_keys as the command side writes it. */
    private void storeKey(String userId, String key, String operation, int status, long version, Instant at) {
        jdbc.update("""
                        INSERT INTO idempotency_keys
                            (user_id, idempotency_key, operation, request_hash, status, version, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""",
                userId, key, operation, hash(key), status, version, Timestamp.from(at));
    }

    private static String hash(String key) {
        return String.format("%064x", Math.abs((long) key.hashCode()));
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = HttpJson.json(response);
        assertThat(body.get("type").asString()).isEqualTo("urn:prefs:problem:" + type);
        assertThat(body.get("detail").asString()).isNotBlank();
        return body;
    }

    private static JsonNode withoutInstance(HttpResponse<String> response) {
        ObjectNode body = (ObjectNode) HttpJson.json(response);
        body.remove("instance");
        return body;
    }

    private static List<String> types(JsonNode export) {
        List<String> types = new ArrayList<>();
        export.get("history").forEach(event -> types.add(event.get("type").asString()));
        return types;
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static String token(String sub, String scope, String tenant) {
        return HttpJson.bearer(sub, scope, tenant);
    }
}
