package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A version whose builds were all retired loses its tables after the retired grace period, Flyway's included, and
 * can no longer be rebuilt: a 409 problem that says when, and writes nothing. The database is one release 1 left
 * (userpreferences version 1 live, generation 1); version 2 is built and switched in, version 1 goes to standby,
 * is retired after the standby grace period and dropped after the retired one (both one second here). A version
 * whose Flyway table is gone is still rebuilt, from its live build's table.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.rebuild.poll-interval=100ms", "prefs.query.rebuild.standby-grace=1s",
                "prefs.query.rebuild.retired-grace=1s"})
class RebuildRetiredVersionIT {

    static final TestDatabase DB = TestDatabase.migrated("query_rebuild_retired_version");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 21);
    static final int USERS = 80;

    static {
        EVENTS.users("user-", USERS, 3);
        // What release 1 registered: version 1 of userpreferences, live, in its Flyway table.
        new JdbcTemplate(DB.dataSource()).update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at, switched_in_at)
                VALUES ('userpreferences', 1, 1, 'userpreferences_v1', 'userpreferences_v1', 'live', now(), now())""");
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

    @Test
    void aVersionWithNoTableLeftIsAProblemAndWritesNothingWhileAVersionWithALiveBuildIsRebuilt() {
        HttpJson http = new HttpJson(port);
        await().atMost(Duration.ofSeconds(120)).until(() -> "retired".equals(status(http, 1, 1)));
        assertThat(status(http, 2, 1)).isEqualTo("live");
        // Version 1's only build was retired: its Flyway table and its token rows go after the grace period.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(tables("userpreferences_v1")).isEmpty();
            assertThat(jdbc.queryForObject(
                    "SELECT count(*) FROM token_entry WHERE processor_name = 'userpreferences_v1'", Long.class))
                    .isZero();
        });

        long builds = jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class);
        Set<String> allTables = Set.copyOf(jdbc.queryForList("SELECT tablename FROM pg_tables", String.class));
        HttpResponse<String> refused = http.post("/admin/projections/userpreferences/rebuild?version=1", "");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        String droppedOn = jdbc.queryForObject("""
                SELECT max(retired_at) FROM projection_registry WHERE name = 'userpreferences' AND version = 1""",
                Timestamp.class).toInstant().plusSeconds(1).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(HttpJson.json(refused).path("detail").asString())
                .isEqualTo("Version 1 of userpreferences was retired and its tables dropped on " + droppedOn
                           + ", so it cannot be rebuilt");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class)).isEqualTo(builds);
        assertThat(jdbc.queryForList("SELECT tablename FROM pg_tables", String.class))
                .containsExactlyInAnyOrderElementsOf(allTables);

        // Version 2: a rebuild retires generation 1 (standby, then past its grace period), whose Flyway table goes;
        // the next rebuild clones the live build's table instead.
        int second = rebuild(http, 2);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tables("userpreferences_v2"))
                .containsExactly("userpreferences_v2_g" + second));
        int third = rebuild(http, 2);
        assertThat(status(http, 2, third)).isEqualTo("live");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences_v2_g" + third, Long.class))
                .isEqualTo(USERS);
        HttpResponse<String> read = http.get("/api/users/user-3/preferences");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
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
