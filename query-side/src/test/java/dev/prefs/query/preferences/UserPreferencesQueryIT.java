package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.EventJson;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.EventAppender;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.projection.CommitSignals;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query API through real HTTP, fed by events appended to the real event store. A write is seen in time only if
 * the processors are woken by the event table's NOTIFY: with nothing to read, their own next look is a claim interval
 * (or claim extension) later, 30 s here.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.consistency-timeout=5s", "prefs.query.projections.claim-interval=30s",
                      "prefs.query.projections.claim-extension=30s", "prefs.events.token-claim-timeout=130s"})
@TestDatabaseDataSource
class UserPreferencesQueryIT {

    private static final NotificationChannels ON = NotificationChannels.DEFAULT;
    private static final NotificationChannels OFF = new NotificationChannels(false, false, false);

    static final TestDatabase DB = TestDatabase.create("query_api");
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommitSignals signals;
    @LocalServerPort
    int port;

    private static EventAppender events;
    private HttpJson http;

    @BeforeEach
    void setUp() {
        if (events == null) {
            events = new EventAppender(eventStore, transactionManager);
        }
        http = new HttpJson(port);
    }

    @Test
    void aWriteIsVisibleAtOnceToAReadAskingForItsVersion() {
        long version = events.append("alice", "alice", new PreferencesCreatedEvent("alice", "dark", "en", ON),
                new ThemeChangedEvent("alice", "light"), new LanguageChangedEvent("alice", "pt-BR"));

        HttpResponse<String> response = http.get("/api/users/alice/preferences?minVersion=" + version);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).contains("\"3.0.0.3\"");
        JsonNode body = HttpJson.json(response);
        assertThat(body.get("userId").asString()).isEqualTo("alice");
        assertThat(body.get("theme").asString()).isEqualTo("light");
        assertThat(body.get("language").asString()).isEqualTo("pt-BR");
        assertThat(body.get("notificationsEnabled").asBoolean()).isTrue();
        assertThat(body.get("notifications")).isEqualTo(JsonMapper.builder().build().readTree(
                "{\"email\": true, \"push\": true, \"sms\": false}"));
        assertThat(body.get("version").asLong()).isEqualTo(3);
        assertThat(Instant.parse(body.get("createdAt").asString())).isBeforeOrEqualTo(
                Instant.parse(body.get("updatedAt").asString()));
        assertThat(body.get("updatedAt").asString()).endsWith("Z");
    }

    @Test
    void eventsAppendedByAnotherProcessAreSeenThroughTheDatabasesNotification() {
        // Straight into the table, as another process's command side would: nothing in this JVM hears of it
        // except through PostgreSQL's NOTIFY.
        insertFromElsewhere("remote", 0, new PreferencesCreatedEvent("remote", "system", "de", OFF));

        HttpResponse<String> response = http.get("/api/users/remote/preferences?minVersion=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HttpJson.json(response).get("theme").asString()).isEqualTo("system");
    }

    @Test
    void theProcessorsReadTheEventTableThroughTheirOwnStreams() {
        long version = events.append("own", "own", new PreferencesCreatedEvent("own", "dark", "en", ON));
        assertThat(http.get("/api/users/own/preferences?minVersion=" + version).statusCode()).isEqualTo(200);

        // Axon's shared read-ahead runs on threads of this group once a processor tails it. It keeps a whole
        // backlog in memory while it reads it (a bulk load of a million events filled a 1 GB heap), so it must not run.
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getThreadGroup() != null
                && thread.getThreadGroup().getName().equals(EmbeddedEventStore.class.getSimpleName()));
    }

    @Test
    void aMatchingIfNoneMatchIsAnswered304() {
        long version = events.append("etag", "etag", new PreferencesCreatedEvent("etag", "dark", "en", ON));
        assertThat(http.get("/api/users/etag/preferences?minVersion=" + version).statusCode()).isEqualTo(200);

        HttpResponse<String> same = http.get("/api/users/etag/preferences", "If-None-Match", "\"1.0.0.3\"");
        HttpResponse<String> older = http.get("/api/users/etag/preferences", "If-None-Match", "\"1\"");

        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(older.statusCode()).isEqualTo(200);
    }

    @Test
    void absentAndDeletedPreferencesAreNotFound() {
        long version = events.append("gone", "gone", new PreferencesCreatedEvent("gone", "dark", "en", ON),
                new PreferencesDeletedEvent("gone"));

        assertProblem(http.get("/api/users/gone/preferences?minVersion=" + version), 404);
        assertProblem(http.get("/api/users/nobody/preferences"), 404);
    }

    @Test
    void badParametersAreProblemDetailsNaming400TheField() {
        assertValidationError(http.get("/api/users/bad%20id/preferences"), "userId");
        assertValidationError(http.get("/api/users/alice/preferences?minVersion=abc"), "minVersion");
        assertValidationError(http.get("/api/users/alice/preferences?minVersion=-1"), "minVersion");
        assertValidationError(http.get("/api/users/alice/preferences?asOf=yesterday"), "asOf");
        assertValidationError(http.get("/api/users/" + "x".repeat(129) + "/preferences/history"), "userId");
        assertValidationError(http.get("/api/preferences?limit=501"), "limit");
        assertValidationError(http.get("/api/preferences?limit=-5"), "limit");
        assertValidationError(http.get("/api/preferences?theme=pink"), "theme");
        assertValidationError(http.get("/api/preferences?notificationsEnabled=maybe"), "notificationsEnabled");
    }

    @Test
    void asOfFoldsTheEventStoreUpToThatInstant() {
        events.appendAt(T0, "past", "past", new PreferencesCreatedEvent("past", "dark", "en", ON));
        events.appendAt(T0.plusSeconds(3600), "past", "past", new ThemeChangedEvent("past", "light"));
        events.appendAt(T0.plusSeconds(7200), "past", "past", new PreferencesDeletedEvent("past"));

        HttpResponse<String> before = http.get("/api/users/past/preferences?asOf=2025-03-01T09:30:00Z");
        HttpResponse<String> after = http.get("/api/users/past/preferences?asOf=2025-03-01T10:30:00Z");

        assertThat(before.statusCode()).isEqualTo(200);
        // The user's version, then their tenant layer's and the system layer's (none here), no read model.
        assertThat(before.headers().firstValue("ETag")).contains("\"1.0.0.0\"");
        assertThat(HttpJson.json(before).get("theme").asString()).isEqualTo("dark");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(HttpJson.json(after).get("theme").asString()).isEqualTo("light");
        assertThat(HttpJson.json(after).get("version").asLong()).isEqualTo(2);
        assertThat(HttpJson.json(after).get("updatedAt").asString()).isEqualTo("2025-03-01T10:00:00Z");
        assertProblem(http.get("/api/users/past/preferences?asOf=2025-03-01T08:59:59Z"), 404);
        assertProblem(http.get("/api/users/past/preferences?asOf=2025-03-01T11:30:00Z"), 404);
    }

    @Test
    void historyListsEveryChangeOldestFirstWithFromToAndWho() {
        events.append("hist", "hist", new PreferencesCreatedEvent("hist", "dark", "en", ON));
        events.append("hist", "admin", new ThemeChangedEvent("hist", "system"));
        events.append("hist", "hist", new PreferencesResetEvent("hist", "dark", "en", ON),
                new NotificationsChangedEvent("hist", OFF), new PreferencesDeletedEvent("hist"));

        HttpResponse<String> response = http.get("/api/users/hist/preferences/history");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = HttpJson.json(response);
        assertThat(body.get("userId").asString()).isEqualTo("hist");
        List<String> types = new ArrayList<>();
        body.get("changes").forEach(change -> types.add(change.get("type").asString()));
        assertThat(types).containsExactly("PreferencesCreated", "ThemeChanged", "PreferencesReset",
                "NotificationsChanged", "PreferencesDeleted");
        JsonNode created = body.get("changes").get(0);
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("changes").get("theme").get("from").isNull()).isTrue();
        assertThat(created.get("changes").get("theme").get("to").asString()).isEqualTo("dark");
        JsonNode theme = body.get("changes").get(1);
        assertThat(theme.get("version").asLong()).isEqualTo(2);
        assertThat(theme.get("by").asString()).isEqualTo("admin");
        assertThat(theme.get("correlationId").asString()).isEqualTo("corr-hist-1");
        assertThat(theme.get("at").asString()).isNotBlank();
        assertThat(theme.get("changes").properties()).hasSize(1);
        assertThat(theme.get("changes").get("theme").get("from").asString()).isEqualTo("dark");
        assertThat(theme.get("changes").get("theme").get("to").asString()).isEqualTo("system");
        JsonNode reset = body.get("changes").get(2);
        assertThat(reset.get("by").asString()).isEqualTo("hist");
        assertThat(reset.get("changes").get("theme").get("to").asString()).isEqualTo("dark");
        assertThat(reset.get("changes").has("language")).isFalse();
        JsonNode notifications = body.get("changes").get(3);
        assertThat(notifications.get("changes")).isEqualTo(JsonMapper.builder().build().readTree("""
                {"notifications.email": {"from": true, "to": false}, "notifications.push": {"from": true, "to": false}}
                """));
        JsonNode deleted = body.get("changes").get(4);
        assertThat(deleted.get("changes").get("notifications.sms").get("from").asBoolean()).isFalse();
        assertThat(deleted.get("changes").get("notifications.sms").get("to").isNull()).isTrue();
        assertThat(deleted.get("changes").get("tenantId").get("from").isNull()).isTrue();
        assertProblem(http.get("/api/users/never/preferences/history"), 404);
    }

    @Test
    void thePagedListReturnsEveryUserExactlyOnceInUserIdOrder() {
        List<PreferencesEvent> created = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            String user = "list-" + Integer.toString(i * 7919 % 1_200, 36);
            created.add(new PreferencesCreatedEvent(user, i % 3 == 0 ? "light" : "dark", "fi", i % 2 == 0 ? ON : OFF));
        }
        events.appendAll("admin", created);
        // Every one of them committed by the projection before the first page is asked for.
        for (PreferencesEvent event : created) {
            assertThat(signals.await("userpreferences", event.userId(), Duration.ofSeconds(30),
                    () -> jdbc.queryForList("SELECT user_id FROM userpreferences WHERE user_id = ?", String.class,
                            event.userId()).stream().findFirst())).isPresent();
        }

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> page = http.get("/api/preferences?language=fi&limit=500"
                                                 + (next == null ? "" : "&after=" + next));
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = HttpJson.json(page);
            body.get("items").forEach(item -> seen.add(item.get("userId").asString()));
            next = body.get("next").isNull() ? null : body.get("next").asString();
            pages++;
        } while (next != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(1_200).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(seen)).isEqualTo(userIds(created));
        JsonNode light = HttpJson.json(http.get("/api/preferences?language=fi&theme=light&notificationsEnabled=true"
                                                + "&limit=500"));
        assertThat(light.get("items")).hasSize(200);
        assertThat(light.get("next").isNull()).isTrue();
        assertThat(HttpJson.json(http.get("/api/preferences")).get("items")).hasSize(50);
    }

    @Test
    void aFirstDeploymentServesTheNewestVersionAndTheSeedViewShowsExistingUsers() {
        long version = events.append("viewed", "viewed", new PreferencesCreatedEvent("viewed", "light", "en", ON));
        assertThat(http.get("/api/users/viewed/preferences?minVersion=" + version).statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForList("SELECT name || ':' || version || ':' || status FROM projection_registry "
                                     + "ORDER BY name", String.class))
                .containsExactly("changefeed:1:live", "preferencestats:3:live", "userpreferences:3:live");
        assertThat(jdbc.queryForObject("SELECT theme FROM userpreferences WHERE user_id = 'viewed'", String.class))
                .isEqualTo("light");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences WHERE user_id = 'gone'", Long.class))
                .isZero();
    }

    @Test
    void healthShowsEachEventProcessor() {
        // Health is UP once the processors have claimed their segments, a moment after start-up.
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/actuator/health").statusCode() == 200);
        HttpResponse<String> response = http.get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode processors = HttpJson.json(response).get("components").get("eventProcessors").get("details")
                                      .get("processors");
        assertThat(processors.get("userpreferences_v3").get("running").asBoolean()).isTrue();
        assertThat(processors.get("userpreferences_v3").get("error").asBoolean()).isFalse();
        assertThat(processors.get("userpreferences_v3").get("claimed").asBoolean()).isTrue();
        assertThat(processors.get("preferencestats_v3").get("running").asBoolean()).isTrue();
    }

    private void insertFromElsewhere(String userId, long sequence, PreferencesEvent event) {
        Serializer serializer = EventJson.serializer();
        SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(MetaData.with("sub", userId), byte[].class);
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    meta_data, payload, payload_revision, payload_type, time_stamp)
                VALUES (?, ?, 'UserPreferences', ?, ?, ?, ?, ?, ?)""",
                userId, sequence, UUID.randomUUID().toString(), metaData.getData(), payload.getData(),
                payload.getType().getRevision(), payload.getType().getName(),
                DateTimeUtils.formatInstant(Instant.now()));
    }

    private static Set<String> userIds(List<PreferencesEvent> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.userId()));
        return ids;
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = HttpJson.json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        for (String field : List.of("type", "title", "detail")) {
            assertThat(body.get(field)).as(field).isNotNull();
            assertThat(body.get(field).asString()).as(field).isNotBlank();
        }
        return body;
    }

    static void assertValidationError(HttpResponse<String> response, String field) {
        JsonNode body = assertProblem(response, 400);
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(body.get("errors").get(0).get("message").asString()).isNotBlank();
    }
}
