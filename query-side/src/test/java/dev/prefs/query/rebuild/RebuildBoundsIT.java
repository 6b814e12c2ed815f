package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import dev.prefs.query.projection.ProjectionRuntime;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Rebuild requests one after the other do not pile up builds: a version keeps one standby build (the one live
 * before), older ones are retired at once, their processors stop and release their threads, and their tables are
 * dropped after the retired grace period (one second here), Flyway's generation-1 tables included, together with
 * their token rows and dead letters. What stays is bounded whatever the number of rebuilds: the live build and one
 * standby build, so at most two tables per table of the version.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.rebuild.poll-interval=100ms", "prefs.query.rebuild.retired-grace=1s"})
@TestDatabaseDataSource
class RebuildBoundsIT {

    static final TestDatabase DB = TestDatabase.migrated("query_rebuild_bounds");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 14);
    static final int REBUILDS = 15;
    /** Threads that may come and go beside the processors: HTTP workers, the client's, a job's. */
    static final int THREAD_MARGIN = 12;
    /** Two userpreferences processors (live and standby), each a coordinator and a worker per segment (4). */
    static final int PROCESSOR_THREADS = 2 * (1 + 4);

    static {
        EVENTS.users("user-", 300, 3);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionRuntime runtime;

    @Test
    void rebuildsInARowKeepOneStandbyBuildPerVersionAndDropTheTablesOfTheRetiredOnes() {
        HttpJson http = new HttpJson(port);
        // A dead letter of the first live build (Flyway's generation 1), which ends retired like the others.
        jdbc.update("""
                INSERT INTO dead_letter_entry (dead_letter_identifier, processing_group, sequence_identifier,
                    sequence_index, message_type, event_identifier, time_stamp, payload_type, payload, enqueued_at)
                VALUES ('probe', 'userpreferences_v3', 'no-such-user', 0, 'event', 'probe', '2026-01-01T00:00:00Z',
                        'probe', '\\x00'::bytea, '2026-01-01T00:00:00Z')""");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tokenOwners("userpreferences_v3"))
                .as("token rows of the first live build").contains(group(1)));
        // One rebuild first, so the baseline already has a standby build and every lazily made thread pool.
        rebuild(http, "userpreferences");
        int baseline = liveThreads();

        List<Integer> generations = new ArrayList<>();
        for (int i = 0; i < REBUILDS; i++) {
            generations.add(rebuild(http, "userpreferences"));
            // After every switch: the live build, and at most one standby build per version, follow events.
            Map<String, Long> following = following(http, "userpreferences");
            assertThat(following.getOrDefault("live", 0L)).as("live builds").isEqualTo(1);
            assertThat(following.getOrDefault("standby", 0L)).as("standby builds of version 2").isLessThanOrEqualTo(1);
        }
        int live = generations.get(generations.size() - 1);
        int standby = live - 1;
        assertThat(statuses(http, "userpreferences")).containsEntry(live, "live").containsEntry(standby, "standby")
                .allSatisfy((generation, status) -> {
                    if (generation < standby) {
                        assertThat(status).as("generation %d", generation).isEqualTo("retired");
                    }
                });

        // The retired builds' processors stop and their threads end.
        Set<String> kept = Set.of(group(live), group(standby));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(runtime.processors().stream()
                .map(EventProcessor::getName).filter(name -> name.startsWith("userpreferences_"))).containsOnlyElementsOf(kept));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(threadsOf("userpreferences_v3"))
                .as("threads of the userpreferences processors").isLessThanOrEqualTo(PROCESSOR_THREADS));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(liveThreads())
                .as("live threads after %d rebuilds, %d before", REBUILDS, baseline)
                .isLessThanOrEqualTo(baseline + THREAD_MARGIN));

        // After the grace period only the live build's and the standby build's tables are left, at most two per
        // table of the version: generation 1's, which Flyway created, went with the retired builds' clones; so did
        // every token row and dead letter of the retired builds.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tables("userpreferences_v3"))
                .hasSizeLessThanOrEqualTo(2)
                .containsExactlyInAnyOrder("userpreferences_v3_g" + standby, "userpreferences_v3_g" + live));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tokenOwners("userpreferences_v3"))
                .as("token rows by processor").containsOnly(group(live), group(standby)));
        assertThat(jdbc.queryForList("SELECT processing_group FROM dead_letter_entry", String.class))
                .as("dead letters of retired builds").doesNotContain(group(1));

        // The same for a projection with two tables per build.
        rebuild(http, "preferencestats");
        rebuild(http, "preferencestats");
        int statsLive = rebuild(http, "preferencestats");
        int statsStandby = statsLive - 1;
        assertThat(statuses(http, "preferencestats")).containsEntry(statsLive, "live")
                .containsEntry(statsStandby, "standby").containsEntry(1, "retired").containsEntry(2, "retired");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(tables("preferencestats_v3_users")).hasSizeLessThanOrEqualTo(2).containsExactlyInAnyOrder(
                    "preferencestats_v3_users_g" + statsStandby, "preferencestats_v3_users_g" + statsLive);
            assertThat(tables("preferencestats_v3_counts")).hasSizeLessThanOrEqualTo(2).containsExactlyInAnyOrder(
                    "preferencestats_v3_counts_g" + statsStandby, "preferencestats_v3_counts_g" + statsLive);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tokenOwners("preferencestats_v3"))
                .containsOnly("preferencestats_v3_g" + statsLive, "preferencestats_v3_g" + statsStandby));
        // A rollback to the standby build still works, and reads keep being answered.
        HttpResponse<String> rollback = http.post("/admin/projections/userpreferences/activate",
                "{\"version\": 3, \"generation\": " + standby + "}");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(http.get("/api/users/user-7/preferences").statusCode()).isEqualTo(200);
    }

    /** Starts a rebuild of the live version of {@code name}, waits for it to switch in; its generation. */
    private static int rebuild(HttpJson http, String name) {
        HttpResponse<String> started = http.post("/admin/projections/" + name + "/rebuild", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        String jobId = job.path("jobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> "switched".equals(
                HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("state").asString()));
        return job.path("generation").asInt();
    }

    private static String group(int generation) {
        return generation == 1 ? "userpreferences_v3" : "userpreferences_v3_g" + generation;
    }

    /** How many builds of {@code name} follow events, by status. */
    private static Map<String, Long> following(HttpJson http, String name) {
        return statuses(http, name).values().stream().filter(status -> !status.equals("retired"))
                .collect(Collectors.groupingBy(status -> status, Collectors.counting()));
    }

    private static Map<Integer, String> statuses(HttpJson http, String name) {
        JsonNode projection = StreamSupport.stream(HttpJson.json(http.get("/admin/projections")).spliterator(), false)
                .filter(p -> name.equals(p.path("name").asString())).findFirst().orElseThrow();
        return StreamSupport.stream(projection.path("versions").spliterator(), false)
                .filter(build -> build.path("version").asInt() == 3)
                .collect(Collectors.toMap(b -> b.path("generation").asInt(), b -> b.path("status").asString(),
                        (a, b) -> a, TreeMap::new));
    }

    /** The tables of {@code baseTable}'s builds: itself (generation 1) and its clones {@code <baseTable>_g<N>}. */
    private List<String> tables(String baseTable) {
        return jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                 + "AND tablename ~ ('^' || ? || '(_g[0-9]+)?$')", String.class, baseTable);
    }

    /** The processors of {@code group}'s builds that have token rows. */
    private List<String> tokenOwners(String group) {
        return jdbc.queryForList("SELECT DISTINCT processor_name FROM token_entry "
                                 + "WHERE processor_name ~ ('^' || ? || '(_g[0-9]+)?$')", String.class, group);
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static int threadsOf(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith(prefix)).count();
    }
}
