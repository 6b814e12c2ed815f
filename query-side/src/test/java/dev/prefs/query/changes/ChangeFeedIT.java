package dev.prefs.query.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The change feed through real HTTP: pages, filters, fan-out of defaults, cursors, errors, who may follow it. */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.rebuild.poll-interval=100ms", "prefs.query.changes.heartbeat=1s"})
@TestDatabaseDataSource
class ChangeFeedIT {

    static final TestDatabase DB = TestDatabase.create("query_change_feed");
    static final String SECRET = "prefs-test-secret-not-for-production-0123456789";
    static final String FOLLOWER = JwtTokens.mint(SECRET, "notifier", JwtTokens.CHANGES_SCOPE, null,
            Duration.ofHours(1));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static FeedEvents events;

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    ChangeFeedReader reader;
    @Autowired
    FeedRetention retention;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;
    HttpJson http;

    @BeforeEach
    void setUp() {
        synchronized (ChangeFeedIT.class) {
            if (events == null) {
                events = new FeedEvents(eventStore, transactionManager);
            }
        }
        http = new HttpJson(port);
    }

    @Test
    void aDefaultChangeFansOutOnlyToTheUsersWhoInheritIt() {
        String start = head();
        events.append("admin",
                created("fa", "t-fan", "light", null), created("fb", "t-fan", null, null),
                created("fc", "t-fan", null, null), created("fd", "t-other", null, null),
                created("fe", null, null, "de"));
        events.append("tenant-admin", tenant("t-fan", new PreferenceValues("system", null, null), Set.of()));
        events.append("tenant-admin", tenant("t-fan", new PreferenceValues("system", null, null),
                Set.of(PreferenceField.THEME)));
        events.append("root", new SystemDefaultsChangedEvent(new PreferenceValues("dark", "fr",
                ChannelChoices.of(dev.prefs.events.NotificationChannels.DEFAULT))));

        List<JsonNode> items = awaitItems("/api/changes?limit=1000&after=" + start, 5 + 2 + 1 + 4).stream()
                .filter(item -> item.path("userId").asString().matches("f[a-e]")).toList();

        assertThat(summary(items)).containsExactly(
                "fa user fa PreferencesCreated", "fb user fb PreferencesCreated", "fc user fc PreferencesCreated",
                "fd user fd PreferencesCreated", "fe user fe PreferencesCreated",
                // The tenant's default theme reaches those who inherit it, not fa (explicit).
                "fb tenant t-fan TenantDefaultsChanged", "fc tenant t-fan TenantDefaultsChanged",
                // Enforcing it reaches fa alone (fb and fc had it already).
                "fa tenant t-fan TenantDefaultsChanged",
                // The system's language reaches everyone without one of their own: not fe.
                "fa system system SystemDefaultsChanged", "fb system system SystemDefaultsChanged",
                "fc system system SystemDefaultsChanged", "fd system system SystemDefaultsChanged");
        JsonNode creation = items.get(0);
        assertThat(creation.path("tenantId").asString()).isEqualTo("t-fan");
        assertThat(creation.path("version").asLong()).isEqualTo(1);
        assertThat(creation.path("cause").path("by").asString()).isEqualTo("admin");
        assertThat(JSON.writeValueAsString(creation.path("changes"))).isEqualTo("{\"theme\":{\"from\":null,"
                + "\"to\":\"light\"},\"language\":{\"from\":null,\"to\":\"en\"},\"notifications.email\":{\"from\":null,"
                + "\"to\":true},\"notifications.push\":{\"from\":null,\"to\":true},\"notifications.sms\":{\"from\":null,"
                + "\"to\":false},\"notificationsEnabled\":{\"from\":null,\"to\":true}}");
        JsonNode fanned = items.get(5);
        assertThat(fanned.path("cause").path("by").asString()).isEqualTo("tenant-admin");
        assertThat(fanned.path("version").asLong()).as("the user's own version").isEqualTo(1);
        assertThat(JSON.writeValueAsString(fanned.path("changes")))
                .isEqualTo("{\"theme\":{\"from\":\"dark\",\"to\":\"system\"}}");
        assertThat(JSON.writeValueAsString(items.get(7).path("changes")))
                .isEqualTo("{\"theme\":{\"from\":\"light\",\"to\":\"system\"}}");
        assertThat(JSON.writeValueAsString(items.get(8).path("changes")))
                .isEqualTo("{\"language\":{\"from\":\"en\",\"to\":\"fr\"}}");
    }

    @Test
    void resetAndDeletionAreChangesAndAChangeThatMovesNothingIsNone() {
        String start = head();
        events.append("alice", created("rd", null, "light", null));
        events.append("alice", new ThemeChangedEvent("rd", "light"), new PreferencesResetEvent("rd", null, null,
                ChannelChoices.NONE), new PreferencesDeletedEvent("rd"));

        List<JsonNode> items = awaitItems("/api/users/rd/preferences/changes?after=" + start, 3);

        assertThat(summary(items)).containsExactly("rd user rd PreferencesCreated", "rd user rd PreferencesReset",
                "rd user rd PreferencesDeleted");
        assertThat(JSON.writeValueAsString(items.get(1).path("changes")))
                .isEqualTo("{\"theme\":{\"from\":\"light\",\"to\":\"dark\"}}");
        assertThat(items.get(2).path("changes").path("language").path("to").isNull()).isTrue();
        assertThat(items.get(2).path("version").asLong()).isEqualTo(4);
    }

    @Test
    void pagesResumeInTheMiddleOfAFanOutWithExactlyTheRestInOrder() throws Exception {
        events.append("admin", created("m0", "t-mid", null, null), created("m1", "t-mid", null, null),
                created("m2", "t-mid", null, null), created("m3", "t-mid", null, null),
                created("m4", "t-mid", null, null), created("x9", "t-else", null, null));
        awaitItems("/api/changes?tenantId=t-mid", 5);
        String start = head();
        events.append("tenant-admin", tenant("t-mid", new PreferenceValues(null, "pt-BR", null), Set.of()));

        List<JsonNode> all = awaitItems("/api/changes?tenantId=t-mid&after=" + start, 5);
        assertThat(summary(all)).allMatch(s -> s.endsWith("tenant t-mid TenantDefaultsChanged"));
        JsonNode firstPage = HttpJson.json(http.get("/api/changes?tenantId=t-mid&limit=2&after=" + start,
                "Authorization", "Bearer " + FOLLOWER));
        assertThat(users(firstPage.path("items"))).containsExactly("m0", "m1");
        String next = firstPage.path("next").asString();
        assertThat(next).isEqualTo(all.get(1).path("cursor").asString());
        JsonNode rest = HttpJson.json(http.get("/api/changes?after=" + next + "&limit=100",
                "Authorization", "Bearer " + FOLLOWER));
        assertThat(users(rest.path("items"))).containsExactly("m2", "m3", "m4");

        try (SseClient stream = new SseClient(port, "/api/changes?tenantId=t-mid", FOLLOWER, next)) {
            List<SseClient.Event> resumed = stream.events(3, Duration.ofSeconds(10));
            assertThat(resumed).extracting(SseClient.Event::id).containsExactly(
                    all.get(2).path("cursor").asString(), all.get(3).path("cursor").asString(),
                    all.get(4).path("cursor").asString());
        }
        // Filters: one tenant, one user.
        assertThat(users(HttpJson.json(http.get("/api/changes?tenantId=t-mid&limit=1000")).path("items")))
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m0", "m1", "m2", "m3", "m4");
        assertThat(summary(items(HttpJson.json(http.get("/api/users/m3/preferences/changes")))))
                .containsExactly("m3 user m3 PreferencesCreated", "m3 tenant t-mid TenantDefaultsChanged");
    }

    @Test
    void streamsFrameEventsWithIdsAndSendCommentsAndNewChangesAtOnce() throws Exception {
        String start = head();
        try (SseClient stream = new SseClient(port, "/api/changes?tenantId=t-sse&after=" + start, FOLLOWER, null)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.line(Duration.ofSeconds(5))).isEqualTo("retry: 2000");
            assertThat(stream.line(Duration.ofSeconds(5))).isEqualTo(": connected");
            assertThat(stream.line(Duration.ofSeconds(5))).isEmpty();

            events.append("bob", created("s1", "t-sse", null, null));
            long appended = System.nanoTime();
            String id = stream.line(Duration.ofSeconds(5));
            while (id != null && id.startsWith(":")) {
                assertThat(stream.line(Duration.ofSeconds(5))).isEmpty();
                id = stream.line(Duration.ofSeconds(5));
            }
            Duration lag = Duration.ofNanos(System.nanoTime() - appended);
            assertThat(id).startsWith("id: ");
            assertThat(stream.line(Duration.ofSeconds(1))).isEqualTo("event: change");
            String data = stream.line(Duration.ofSeconds(1));
            assertThat(data).startsWith("data: {\"cursor\":\"" + id.substring(4) + "\",\"userId\":\"s1\"");
            assertThat(stream.line(Duration.ofSeconds(1))).isEmpty();
            assertThat(lag).as("a commit wakes the stream, no polling").isLessThan(Duration.ofSeconds(1));

            // heartbeat=1s here: a comment at least every second while nothing happens.
            assertThat(stream.line(Duration.ofMillis(1_500))).isEqualTo(": heartbeat");
        }
    }

    @Test
    void badCursorsAndLimitsAre400AndAnAgedOutCursorIs410() {
        for (String bad : List.of("garbage", "Y2YxOi0x", "Y2YyOjE", "%20")) {
            HttpResponse<String> answer = http.get("/api/changes?after=" + bad);
            assertThat(answer.statusCode()).as(bad + ": " + answer.body()).isEqualTo(400);
            assertThat(HttpJson.json(answer).path("errors").get(0).path("field").asString()).isEqualTo("after");
        }
        HttpResponse<String> header = http.get("/api/changes", "Accept", "text/event-stream", "Last-Event-ID", "nope");
        assertThat(header.statusCode()).as(header.body()).isEqualTo(400);
        assertThat(header.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(HttpJson.json(header).path("errors").get(0).path("field").asString()).isEqualTo("Last-Event-ID");
        assertThat(http.get("/api/changes?limit=0").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/changes?limit=1001").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/changes?after=" + FeedCursor.of(reader.state().lastPosition() + 5)).statusCode())
                .isEqualTo(400);

        events.append("admin", created("old1", null, null, null), created("old2", null, null, null));
        awaitItems("/api/users/old2/preferences/changes", 1);
        String beforeOld = FeedCursor.of(reader.state().lastPosition() - 2);
        retention.purgeBefore(Instant.now().plusSeconds(1));
        events.append("admin", created("new1", null, null, null));
        awaitItems("/api/users/new1/preferences/changes", 1);

        HttpResponse<String> gone = http.get("/api/changes?after=" + beforeOld);
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(410);
        JsonNode problem = HttpJson.json(gone);
        assertThat(problem.path("type").asString()).isEqualTo("urn:prefs:problem:cursor-expired");
        String restartAfter = problem.path("restartAfter").asString();
        JsonNode page = HttpJson.json(http.get("/api/changes?after=" + restartAfter));
        assertThat(page.path("items").get(0).path("cursor").asString()).isEqualTo(problem.path("oldest").asString());
        assertThat(users(page.path("items"))).containsExactly("new1");
        HttpResponse<String> goneStream = http.get("/api/changes", "Accept", "text/event-stream",
                "Last-Event-ID", beforeOld);
        assertThat(goneStream.statusCode()).isEqualTo(410);
    }

    @Test
    void onlyFollowersTheirTenantsAdminsAndTheUserThemselvesMayFollow() {
        events.append("admin", created("w1", "t-who", null, null), created("w2", "t-who", null, null));
        awaitItems("/api/users/w2/preferences/changes", 1);
        String user = token("w1", null, null);
        String tenantAdmin = token("ta", JwtTokens.TENANT_ADMIN_SCOPE, "t-who");
        String otherTenantAdmin = token("tb", JwtTokens.TENANT_ADMIN_SCOPE, "t-else");

        assertThat(status("/api/changes", user)).isEqualTo(403);
        assertThat(status("/api/changes", tenantAdmin)).isEqualTo(403);
        assertThat(status("/api/changes?tenantId=t-else", tenantAdmin)).isEqualTo(403);
        assertThat(status("/api/changes?tenantId=t-who", tenantAdmin)).isEqualTo(200);
        assertThat(status("/api/changes", FOLLOWER)).isEqualTo(200);
        assertThat(status("/api/users/w1/preferences/changes", user)).isEqualTo(200);
        assertThat(status("/api/users/w2/preferences/changes", user)).isEqualTo(403);
        assertThat(status("/api/users/w2/preferences/changes", tenantAdmin)).isEqualTo(200);
        assertThat(status("/api/users/w2/preferences/changes", otherTenantAdmin)).isEqualTo(403);
        HttpResponse<String> refused = http.get("/api/changes?tenantId=t-else", "Authorization",
                "Bearer " + tenantAdmin);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(HttpJson.json(refused).path("type").asString()).isEqualTo("urn:prefs:problem:forbidden");
    }

    @Test
    void aRebuildOfTheFeedReplaysTheSameItems() {
        events.append("admin", created("rb1", "t-rb", "light", null), created("rb2", "t-rb", null, null));
        events.append("tenant-admin", tenant("t-rb", new PreferenceValues("system", "de", null), Set.of()));
        events.append("rb1", new ThemeChangedEvent("rb1", null));
        awaitItems("/api/users/rb1/preferences/changes", 3);
        String liveTable = reader.live().readTable();

        HttpResponse<String> started = http.post("/admin/projections/changefeed/rebuild", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        String jobId = job.path("jobId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> "switched".equals(
                HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("state").asString()));

        String rebuilt = reader.live().readTable();
        assertThat(rebuilt).isEqualTo("changefeed_v1_g" + job.path("generation").asInt());
        long purged = jdbc.queryForObject("SELECT coalesce(max(purged_through), 0) FROM " + liveTable + "_state",
                Long.class);
        String columns = "position, global_index, ordinal, user_id, tenant_id, version, at, cause_layer, cause_id,"
                         + " cause_type, cause_by, changes";
        List<Map<String, Object>> before = jdbc.queryForList("SELECT " + columns + " FROM " + liveTable
                                                             + " ORDER BY position");
        List<Map<String, Object>> after = jdbc.queryForList("SELECT " + columns + " FROM " + rebuilt
                                                            + " WHERE position > ? ORDER BY position", purged);
        assertThat(before).hasSizeGreaterThanOrEqualTo(5);
        assertThat(after).isEqualTo(before);
    }

    // --- helpers

    static PreferencesEvent created(String user, String tenant, String theme, String language) {
        return new PreferencesCreatedEvent(user, tenant, theme, language, ChannelChoices.NONE);
    }

    static TenantDefaultsChangedEvent tenant(String tenant, PreferenceValues defaults, Set<PreferenceField> enforced) {
        return new TenantDefaultsChangedEvent(tenant, defaults, enforced);
    }

    static String token(String sub, String scope, String tenant) {
        return JwtTokens.mint(SECRET, sub, scope, tenant, Duration.ofHours(1));
    }

    private int status(String path, String token) {
        return http.get(path, "Authorization", "Bearer " + token).statusCode();
    }

    /** The cursor of the last change written so far. */
    private String head() {
        return FeedCursor.of(reader.state().lastPosition());
    }

    private List<JsonNode> awaitItems(String pathAndQuery, int count) {
        List<JsonNode> found = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpResponse<String> answer = http.get(pathAndQuery);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                found.clear();
                found.addAll(items(HttpJson.json(answer)));
                return found.size() >= count;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Fewer than " + count + " changes at " + pathAndQuery + ": " + summary(found), e);
        }
        return found;
    }

    private static List<JsonNode> items(JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false).toList();
    }

    private static List<String> users(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(i -> i.path("userId").asString()).toList();
    }

    private static List<String> summary(List<JsonNode> items) {
        return items.stream().map(i -> i.path("userId").asString() + " " + i.path("cause").path("layer").asString()
                + " " + i.path("cause").path("id").asString() + " " + i.path("cause").path("type").asString())
                .toList();
    }
}
