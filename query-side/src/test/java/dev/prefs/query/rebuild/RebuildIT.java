package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An on-demand rebuild of 100k events through the admin API, while a reader polls users that exist and events keep
 * being appended: reads never fail or go partial, and the switched-in build holds exactly the fold of all events.
 * <p>
 * The rebuild runs once, in {@link #rebuildUnderLoad()}, which also starts and cancels a rebuild of the stats
 * projection; each test checks one thing that run must have done. Tests that change which build is live put it
 * back, and judge the state after the switch from what the set-up recorded, so they do not depend on their order.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildIT {

    static final TestDatabase DB = TestDatabase.migrated("query_rebuild");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 5);

    static {
        // 10,000 users with 10 events each: 100k events before the service starts.
        EVENTS.users("user-", 10_000, 10);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private HttpJson http;
    // What the userpreferences rebuild under load left behind.
    private HttpResponse<String> started;
    private HttpResponse<String> secondStart;
    private final ConcurrentLinkedQueue<String> badReads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reads = new AtomicInteger();
    private int readsAtStart;
    private int readsAtSwitch;
    private String jobId;
    private final List<String> late = new ArrayList<>();
    private JsonNode projectionAfterSwitch;
    private String publicViewAfterSwitch;
    // What the cancelled preferencestats rebuild left behind.
    private String cancelledJobId;
    private HttpResponse<String> cancel;
    private Map<Integer, String> statsStatusesAfterCancel;

    @BeforeAll
    void rebuildUnderLoad() throws InterruptedException {
        http = new HttpJson(port);
        // Reads are checked against the live version only once it holds every event (its first deployment).
        await("the first deployment of userpreferences to hold every event").atMost(Duration.ofSeconds(120))
                .until(() -> live(http).path("lag").asLong() == 0);

        List<String> watched = IntStream.range(0, 200).mapToObj(i -> "user-" + (i * 50)).toList();
        Map<String, StoredEvents.Expected> expectedWatched = EVENTS.expected();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                for (String user : watched) {
                    HttpResponse<String> response = http.get("/api/users/" + user + "/preferences");
                    reads.incrementAndGet();
                    String problem = check(user, expectedWatched.get(user), response);
                    if (problem != null) {
                        badReads.add(problem);
                    }
                }
            }
        }, "rebuild-it-reader");
        reader.start();
        try {
            started = http.post("/admin/projections/userpreferences/rebuild", "");
            assertThat(started.statusCode()).as("the rest of this class needs the rebuild to start: %s",
                    started.body()).isEqualTo(202);
            jobId = HttpJson.json(started).path("jobId").asString();
            readsAtStart = reads.get();
            secondStart = http.post("/admin/projections/userpreferences/rebuild", "");

            // Events keep arriving during the rebuild: changes of users nobody reads, and new users.
            List<String> unwatched = IntStream.range(0, 500).mapToObj(i -> "user-" + (i * 20 + 1)).toList();
            int batches = 0;
            while (!"switched".equals(jobState(http, jobId)) && batches < 200) {
                EVENTS.changes(unwatched);
                String user = "late-" + batches;
                EVENTS.append(List.of(EVENTS.create(user)));
                late.add(user);
                batches++;
            }
            await("rebuild " + jobId + " to be switched in").atMost(Duration.ofSeconds(120))
                    .until(() -> "switched".equals(jobState(http, jobId)));
            readsAtSwitch = reads.get();
            EVENTS.changes(unwatched);
            // Reads go on until every watched user has also been read from the new build.
            await("every watched user to be read again after the switch").atMost(Duration.ofSeconds(60))
                    .until(() -> reads.get() >= readsAtSwitch + watched.size());
        } finally {
            reading.set(false);
            reader.join();
        }
        projectionAfterSwitch = projection(http, "userpreferences");
        publicViewAfterSwitch = publicViewDefinition();

        cancelledJobId = HttpJson.json(http.post("/admin/projections/preferencestats/rebuild", ""))
                .path("jobId").asString();
        cancel = http.post("/admin/rebuilds/" + cancelledJobId + "/cancel", "");
        statsStatusesAfterCancel = statuses(projection(http, "preferencestats"));
    }

    @Test
    void aRebuildStartsAsARunningJobOnTheLiveVersion() {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        assertThat(job.path("name").asString()).isEqualTo("userpreferences");
        assertThat(job.path("version").asInt()).isEqualTo(3);
        assertThat(job.path("status").asString()).isEqualTo("running");
    }

    @Test
    void aSecondRebuildOfTheSameProjectionIsAConflictWhileOneRuns() {
        assertThat(secondStart.statusCode()).as(secondStart.body()).isEqualTo(409);
        assertThat(secondStart.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void readsKeepBeingAnsweredWhileTheRebuildRuns() {
        assertThat(readsAtSwitch).as("reads while the rebuild ran").isGreaterThan(readsAtStart);
    }

    @Test
    void everyReadDuringTheRebuildAndAfterTheSwitchIsCompleteAndCurrent() {
        assertThat(badReads).as("reads during the rebuild (%d in all)", reads.get()).isEmpty();
    }

    @Test
    void theJobProcessesEveryEventWithoutError() {
        JsonNode done = HttpJson.json(http.get("/admin/rebuilds/" + jobId));
        assertThat(done.path("processed").asLong()).isEqualTo(done.path("total").asLong()).isGreaterThanOrEqualTo(100_000);
        assertThat(done.path("error").isNull()).isTrue();
    }

    @Test
    void theSwitchMakesTheNewGenerationLiveAndKeepsTheOldOneOnStandby() {
        assertThat(projectionAfterSwitch.path("activeVersion").asInt()).isEqualTo(3);
        assertThat(projectionAfterSwitch.path("activeGeneration").asInt()).isEqualTo(2);
        assertThat(statuses(projectionAfterSwitch)).containsEntry(1, "standby").containsEntry(2, "live");
    }

    @Test
    void theSwitchPointsThePublicViewAtTheNewGeneration() {
        assertThat(publicViewAfterSwitch).contains("userpreferences_v3_g2");
    }

    @Test
    void theNewGenerationHoldsEveryEventExactlyOnceIncludingThoseAppendedDuringTheRebuild() {
        Map<String, StoredEvents.Expected> expected = EVENTS.expected();
        await("userpreferences_v3_g2 to hold the fold of every event").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(rows("userpreferences_v3_g2")).isEqualTo(expected));
    }

    @Test
    void theOldGenerationOnStandbyKeepsFollowingEventsLikeTheNewOne() {
        await("userpreferences_v3 (generation 1) and userpreferences_v3_g2 to hold the same rows")
                .atMost(Duration.ofSeconds(60))
                .until(() -> tableDifference("userpreferences_v3", "userpreferences_v3_g2") == 0);
    }

    @Test
    void activateRollsBackToThePreviousGenerationAndForwardAgain() {
        assertThat(HttpJson.json(http.post("/admin/projections/userpreferences/activate",
                "{\"version\": 3, \"generation\": 1}")).path("activeGeneration").asInt()).isEqualTo(1);
        assertThat(publicViewDefinition()).doesNotContain("userpreferences_v3_g2");
        assertThat(HttpJson.json(http.post("/admin/projections/userpreferences/activate",
                "{\"version\": 3}")).path("activeGeneration").asInt()).isEqualTo(2);
    }

    @Test
    void usersCreatedDuringTheRebuildCanBeReadAfterIt() {
        assertThat(late).isNotEmpty().allSatisfy(
                user -> assertThat(http.get("/api/users/" + user + "/preferences").statusCode()).isEqualTo(200));
    }

    @Test
    void theNewGenerationHasItsOwnLagGauge() {
        assertThat(meters.find("prefs.projection.lag").tags("projection", "userpreferences", "generation", "2")
                .gauge()).isNotNull();
    }

    @Test
    void cancellingARunningRebuildRetiresItsBuild() {
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(HttpJson.json(cancel).path("state").asString()).isEqualTo("cancelled");
        assertThat(statsStatusesAfterCancel).containsEntry(2, "retired");
    }

    @Test
    void cancellingAJobThatIsAlreadyCancelledIsAConflict() {
        assertThat(http.post("/admin/rebuilds/" + cancelledJobId + "/cancel", "").statusCode()).isEqualTo(409);
    }

    @Test
    void afterACancelTheNextRebuildIsSwitchedInAndMatchesTheLiveBuild() {
        String stats = HttpJson.json(http.post("/admin/projections/preferencestats/rebuild", "")).path("jobId").asString();
        await("the preferencestats rebuild after the cancelled one to be switched in").atMost(Duration.ofSeconds(60))
                .until(() -> "switched".equals(jobState(http, stats)));
        await("preferencestats_v3_counts and its generation 3 to hold the same rows").atMost(Duration.ofSeconds(60))
                .until(() -> tableDifference("preferencestats_v3_counts", "preferencestats_v3_counts_g3") == 0);
    }

    @Test
    void anUnknownRebuildJobIsNotFound() {
        assertThat(HttpJson.json(http.get("/admin/rebuilds/00000000-0000-0000-0000-000000000000"))
                .path("status").asInt()).isEqualTo(404);
    }

    @Test
    void rebuildingAnUnknownProjectionIsNotFound() {
        assertThat(http.post("/admin/projections/nothing/rebuild", "").statusCode()).isEqualTo(404);
    }

    @Test
    void rebuildingAnUnknownVersionIsNotFound() {
        assertThat(http.post("/admin/projections/userpreferences/rebuild?version=9", "").statusCode()).isEqualTo(404);
    }

    private String publicViewDefinition() {
        return jdbc.queryForObject("SELECT pg_get_viewdef('userpreferences')", String.class);
    }

    private static String check(String user, StoredEvents.Expected expected, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return user + ": " + response.statusCode() + " " + response.body();
        }
        JsonNode body = HttpJson.json(response);
        if (!expected.theme().equals(body.path("theme").asString())
            || !expected.language().equals(body.path("language").asString())
            || expected.notificationsEnabled() != body.path("notificationsEnabled").asBoolean()
            || expected.notifications().email() != body.path("notifications").path("email").asBoolean()
            || expected.notifications().push() != body.path("notifications").path("push").asBoolean()
            || expected.notifications().sms() != body.path("notifications").path("sms").asBoolean()
            || !response.headers().firstValue("ETag").orElse("").startsWith("\"" + expected.version() + ".")) {
            return user + ": expected " + expected + " but read " + response.body() + " "
                   + response.headers().firstValue("ETag");
        }
        return null;
    }

    private Map<String, StoredEvents.Expected> rows(String table) {
        return jdbc.query("SELECT user_id, theme, language, notify_email, notify_push, notify_sms, version, deleted"
                          + " FROM " + table,
                        (rs, i) -> Map.entry(rs.getString(1), new StoredEvents.Expected(rs.getString(2),
                                rs.getString(3), new dev.prefs.events.NotificationChannels(rs.getBoolean(4),
                                        rs.getBoolean(5), rs.getBoolean(6)), rs.getLong(7), rs.getBoolean(8))))
                   .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        java.util.TreeMap::new));
    }

    private long tableDifference(String a, String b) {
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT SELECT * FROM " + b
                                   + ") x) + (SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT SELECT * FROM " + a
                                   + ") y)", Long.class);
    }

    static String jobState(HttpJson http, String jobId) {
        return HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("state").asString();
    }

    static JsonNode projection(HttpJson http, String name) {
        for (JsonNode projection : HttpJson.json(http.get("/admin/projections"))) {
            if (name.equals(projection.path("name").asString())) {
                return projection;
            }
        }
        throw new AssertionError("No projection " + name);
    }

    private static JsonNode live(HttpJson http) {
        for (JsonNode build : projection(http, "userpreferences").path("versions")) {
            if ("live".equals(build.path("status").asString())) {
                return build;
            }
        }
        throw new AssertionError("No live build");
    }

    static Map<Integer, String> statuses(JsonNode projection) {
        return java.util.stream.StreamSupport.stream(projection.path("versions").spliterator(), false)
                .collect(Collectors.toMap(b -> b.path("generation").asInt(), b -> b.path("status").asString()));
    }
}
