package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A version whose builds were all retired keeps its last tables, so it can always be rebuilt without a new migration;
 * its token rows and dead letters still go after the retired grace period. The database is one release 1 left
 * (userpreferences version 1 live, generation 1, in its Flyway table); the newest version (3) is built and switched in, version 1
 * goes to standby, is retired after the standby grace period and cleared after the retired one (both one second
 * here): its token rows go, its Flyway table stays. Once a rebuild of version 1 has tables of its own, generation 1's
 * go. A version whose Flyway table is gone is still rebuilt, from its live build's table.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.rebuild.poll-interval=100ms", "prefs.query.rebuild.standby-grace=1s",
                "prefs.query.rebuild.retired-grace=1s"})
@TestDatabaseDataSource
class RebuildRetiredVersionIT {

    static final TestDatabase DB = TestDatabase.migrated("query_rebuild_retired_version");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 21);
    static final int USERS = 80;

    static {
        EVENTS.users("user-", USERS, 3);
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        // What release 1 registered: version 1 of userpreferences, live, in its Flyway table.
        jdbc.update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at, switched_in_at)
                VALUES ('userpreferences', 1, 1, 'userpreferences_v1', 'userpreferences_v1', 'live', now(), now())""");
        // A dead letter of that build: its deletion shows the supervisor has cleared the build once retired.
        jdbc.update("""
                INSERT INTO dead_letter_entry (dead_letter_identifier, processing_group, sequence_identifier,
                    sequence_index, message_type, event_identifier, time_stamp, payload_type, payload, enqueued_at)
                VALUES ('probe', 'userpreferences_v1', 'no-such-user', 0, 'event', 'probe', '2026-01-01T00:00:00Z',
                        'probe', '\\x00'::bytea, '2026-01-01T00:00:00Z')""");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRetiredVersionKeepsItsLastTablesAndIsRebuiltFromThem() {
        HttpJson http = new HttpJson(port);
        await().atMost(Duration.ofSeconds(120)).until(() -> "retired".equals(status(http, 1, 1)));
        assertThat(status(http, 3, 1)).isEqualTo("live");
        // Version 1's only build was retired: after the grace period its token rows and dead letters go (in the
        // transaction that would drop its tables), but its Flyway table is the last of version 1 and stays.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(leftovers("userpreferences_v1")).as("token rows and dead letters of v1 g1").isZero();
            assertThat(tables("userpreferences_v1")).as("tables of version 1").containsExactly("userpreferences_v1");
        });

        // So version 1 can still be rebuilt; it is older than the live version and ends caught up, beside it.
        HttpResponse<String> started = http.post("/admin/projections/userpreferences/rebuild?version=1", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        int rebuilt = job.path("generation").asInt();
        String jobId = job.path("jobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> "caught-up".equals(
                HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("state").asString()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences_v1_g" + rebuilt, Long.class))
                .isEqualTo(USERS);
        // Now version 1 has newer tables, so generation 1's go. The rebuilt build is retired in turn (standby grace
        // period) and cleared: its tokens go, its tables, version 1's last now, stay.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(status(http, 1, rebuilt)).isEqualTo("retired");
            assertThat(leftovers("userpreferences_v1_g" + rebuilt)).as("token rows of v1 g%d", rebuilt).isZero();
            assertThat(tables("userpreferences_v1")).as("tables of version 1")
                    .containsExactly("userpreferences_v1_g" + rebuilt);
        });

        // The live version (3): a rebuild retires generation 1 (standby, then past its grace period), whose Flyway table goes
        // since the live build has tables of its own; the next rebuild clones the live build's table instead.
        int second = rebuild(http, 3);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tables("userpreferences_v3"))
                .containsExactly("userpreferences_v3_g" + second));
        int third = rebuild(http, 3);
        assertThat(status(http, 3, third)).isEqualTo("live");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences_v3_g" + third, Long.class))
                .isEqualTo(USERS);
        HttpResponse<String> read = http.get("/api/users/user-3/preferences");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    }

    /** The token rows and dead letters of processing group {@code group}. */
    private long leftovers(String group) {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM token_entry WHERE processor_name = ?)
                       + (SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?)""", Long.class,
                group, group);
    }

    /** Rebuilds version {@code version} of userpreferences, waits for it to switch in; its generation. */
    private static int rebuild(HttpJson http, int version) {
        HttpResponse<String> started = http.post("/admin/projections/userpreferences/rebuild?version=" + version, "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        String jobId = job.path("jobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> "switched".equals(
                HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("state").asString()));
        return job.path("generation").asInt();
    }

    private List<String> tables(String baseTable) {
        return jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                 + "AND tablename ~ ('^' || ? || '(_g[0-9]+)?$')", String.class, baseTable);
    }

    private static String status(HttpJson http, int version, int generation) {
        return StreamSupport.stream(HttpJson.json(http.get("/admin/projections")).spliterator(), false)
                .filter(p -> "userpreferences".equals(p.path("name").asString()))
                .flatMap(p -> StreamSupport.stream(p.path("versions").spliterator(), false))
                .filter(b -> b.path("version").asInt() == version && b.path("generation").asInt() == generation)
                .map(b -> b.path("status").asString()).findFirst().orElse("missing");
    }
}
