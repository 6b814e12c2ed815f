package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An on-demand rebuild of 100k events through the admin API, while a reader polls users that exist and events keep
 * being appended: reads never fail or go partial, and the switched-in build holds exactly the fold of all events.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RebuildIT {

    static final TestDatabase DB = TestDatabase.migrated("query_rebuild");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 5);

    static {
        // 10,000 users with 10 events each: 100k events before the service starts.
        EVENTS.users("user-", 10_000, 10);
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void rebuildOnDemandSwitchesInACompleteTableWhileReadsKeepBeingAnswered() throws Exception {
        HttpJson http = new HttpJson(port);
        // Reads are checked against the live version only once it holds every event (its first deployment).
        await().atMost(Duration.ofSeconds(120)).until(() -> live(http).path("lag").asLong() == 0);

        List<String> watched = IntStream.range(0, 200).mapToObj(i -> "user-" + (i * 50)).toList();
        Map<String, StoredEvents.Expected> expectedWatched = EVENTS.expected();
        ConcurrentLinkedQueue<String> badReads = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
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

        HttpResponse<String> started = http.post("/admin/projections/userpreferences/rebuild", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        assertThat(job.path("name").asString()).isEqualTo("userpreferences");
        assertThat(job.path("version").asInt()).isEqualTo(2);
        assertThat(job.path("status").asString()).isEqualTo("running");
        String jobId = job.path("jobId").asString();
        int readsAtStart = reads.get();

        HttpResponse<String> second = http.post("/admin/projections/userpreferences/rebuild", "");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // Events keep arriving during the rebuild: changes of users nobody reads, and new users.
        List<String> unwatched = IntStream.range(0, 500).mapToObj(i -> "user-" + (i * 20 + 1)).toList();
        List<String> late = new ArrayList<>();
        int batches = 0;
        while (!"switched".equals(jobState(http, jobId)) && batches < 200) {
            EVENTS.changes(unwatched);
            String user = "late-" + batches;
            EVENTS.append(List.of(EVENTS.create(user)));
            late.add(user);
            batches++;
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> "switched".equals(jobState(http, jobId)));
        int readsAtSwitch = reads.get();
        EVENTS.changes(unwatched);
        // Reads go on until every watched user has also been read from the new build.
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.get() >= readsAtSwitch + watched.size());
        reading.set(false);
        reader.join();

        assertThat(badReads).as("reads during the rebuild (%d in all)", reads.get()).isEmpty();
        assertThat(readsAtSwitch).as("reads while the rebuild ran").isGreaterThan(readsAtStart);
        JsonNode done = HttpJson.json(http.get("/admin/rebuilds/" + jobId));
        assertThat(done.path("processed").asLong()).isEqualTo(done.path("total").asLong()).isGreaterThanOrEqualTo(100_000);
        assertThat(done.path("error").isNull()).isTrue();

        JsonNode projection = projection(http, "userpreferences");
        assertThat(projection.path("activeVersion").asInt()).isEqualTo(2);
        assertThat(projection.path("activeGeneration").asInt()).isEqualTo(2);
        assertThat(statuses(projection)).containsEntry(1, "standby").containsEntry(2, "live");
        assertThat(jdbc.queryForObject("SELECT pg_get_viewdef('userpreferences')", String.class))
                .contains("userpreferences_v2_g2");

        // Every event, those appended during the rebuild included, is in the new build exactly once.
        Map<String, StoredEvents.Expected> expected = EVENTS.expected();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> assertThat(rows("userpreferences_v2_g2")).isEqualTo(expected));
        await().atMost(Duration.ofSeconds(60)).until(() -> tableDifference("userpreferences_v2",
                "userpreferences_v2_g2") == 0);
        // Rollback to the previous generation of the same version, and forward again.
        assertThat(HttpJson.json(http.post("/admin/projections/userpreferences/activate",
                "{\"version\": 2, \"generation\": 1}")).path("activeGeneration").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT pg_get_viewdef('userpreferences')", String.class))
                .doesNotContain("userpreferences_v2_g2");
        assertThat(HttpJson.json(http.post("/admin/projections/userpreferences/activate",
                "{\"version\": 2}")).path("activeGeneration").asInt()).isEqualTo(2);
        assertThat(late).isNotEmpty().allSatisfy(
                user -> assertThat(http.get("/api/users/" + user + "/preferences").statusCode()).isEqualTo(200));

        assertThat(meters.find("prefs.projection.lag").tags("projection", "userpreferences", "generation", "2")
                .gauge()).isNotNull();
        // A cancelled job retires its build and frees the projection for the next rebuild, which matches the live one.
        String cancelled = HttpJson.json(http.post("/admin/projections/preferencestats/rebuild", ""))
                .path("jobId").asString();
        HttpResponse<String> cancel = http.post("/admin/rebuilds/" + cancelled + "/cancel", "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(HttpJson.json(cancel).path("state").asString()).isEqualTo("cancelled");
        assertThat(statuses(projection(http, "preferencestats"))).containsEntry(2, "retired");
        assertThat(http.post("/admin/rebuilds/" + cancelled + "/cancel", "").statusCode()).isEqualTo(409);
        String stats = HttpJson.json(http.post("/admin/projections/preferencestats/rebuild", "")).path("jobId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> "switched".equals(jobState(http, stats)));
        await().atMost(Duration.ofSeconds(60)).until(() -> tableDifference("preferencestats_v2_counts",
                "preferencestats_v2_counts_g3") == 0);

        assertThat(HttpJson.json(http.get("/admin/rebuilds/00000000-0000-0000-0000-000000000000"))
                .path("status").asInt()).isEqualTo(404);
        assertThat(http.post("/admin/projections/nothing/rebuild", "").statusCode()).isEqualTo(404);
        assertThat(http.post("/admin/projections/userpreferences/rebuild?version=9", "").statusCode()).isEqualTo(404);
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
            || !String.valueOf(expected.version()).equals(response.headers().firstValue("ETag").orElse("")
                .replace("\"", ""))) {
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
