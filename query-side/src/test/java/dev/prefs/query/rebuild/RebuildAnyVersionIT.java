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
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /admin/projections/{name}/rebuild?version=N} works for every declared version of each projection, also
 * one this database never built (it started after version 2 existed, so version 1 has no build): the rebuild is a
 * new generation cloned from the version's Flyway-created tables, holding every user. The live version's rebuild is
 * switched in; an older version's ends on standby, ready for an activation. A version that is not declared is a 404
 * problem that writes nothing.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "prefs.query.rebuild.poll-interval=100ms")
@TestDatabaseDataSource
class RebuildAnyVersionIT {

    static final TestDatabase DB = TestDatabase.migrated("query_rebuild_any_version");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 15);
    static final int USERS = 120;

    static {
        EVENTS.users("user-", USERS, 3);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @ParameterizedTest(name = "{0} version {1}")
    @CsvSource({
            "userpreferences, 1, userpreferences_v1, standby",
            "userpreferences, 2, userpreferences_v2, standby",
            "userpreferences, 3, userpreferences_v3, live",
            "preferencestats, 1, preferencestats_v1_users, standby",
            "preferencestats, 2, preferencestats_v2_users, standby",
            "preferencestats, 3, preferencestats_v3_users, live"})
    void everyDeclaredVersionCanBeRebuiltIntoANewGeneration(String name, int version, String baseTable,
                                                            String endsAs) {
        HttpJson http = new HttpJson(port);
        HttpResponse<String> started = http.post("/admin/projections/" + name + "/rebuild?version=" + version, "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        assertThat(job.path("version").asInt()).isEqualTo(version);
        int generation = job.path("generation").asInt();
        assertThat(generation).as("a rebuild never reuses the Flyway tables of generation 1").isGreaterThan(1);
        String jobId = job.path("jobId").asString();

        String expectedState = endsAs.equals("live") ? "switched" : "caught-up";
        await().atMost(Duration.ofSeconds(120)).until(() -> expectedState.equals(state(http, jobId)));
        assertThat(status(http, name, version, generation)).isEqualTo(endsAs);
        assertThat(HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("error").isNull()).isTrue();
        // The new generation holds every user, in a table of its own beside the version's Flyway table.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + baseTable + "_g" + generation, Long.class))
                .isEqualTo(USERS);
    }

    @Test
    void aRebuiltOlderVersionCanBeActivatedAndReadFrom() {
        HttpJson http = new HttpJson(port);
        HttpResponse<String> started = http.post("/admin/projections/userpreferences/rebuild?version=1", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = HttpJson.json(started);
        String jobId = job.path("jobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> "caught-up".equals(state(http, jobId)));

        HttpResponse<String> activated = http.post("/admin/projections/userpreferences/activate", "{\"version\": 1}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertThat(HttpJson.json(activated).path("activeGeneration").asInt()).isEqualTo(job.path("generation").asInt());
        HttpResponse<String> read = http.get("/api/users/user-3/preferences");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(HttpJson.json(read).path("userId").asString()).isEqualTo("user-3");

        HttpResponse<String> back = http.post("/admin/projections/userpreferences/activate", "{\"version\": 3}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"userpreferences, 4", "preferencestats, 4", "userpreferences, 0"})
    void aVersionThatIsNotDeclaredIsAProblemAndWritesNothing(String name, int version) {
        HttpJson http = new HttpJson(port);
        long builds = jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class);
        Set<String> tables = Set.copyOf(jdbc.queryForList("SELECT tablename FROM pg_tables", String.class));

        HttpResponse<String> refused = http.post("/admin/projections/" + name + "/rebuild?version=" + version, "");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(HttpJson.json(refused).path("detail").asString()).contains(name).contains("no version " + version);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class)).isEqualTo(builds);
        assertThat(jdbc.queryForList("SELECT tablename FROM pg_tables", String.class)).containsExactlyInAnyOrderElementsOf(tables);
    }

    private static String state(HttpJson http, String jobId) {
        return HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("state").asString();
    }

    private static String status(HttpJson http, String name, int version, int generation) {
        return StreamSupport.stream(HttpJson.json(http.get("/admin/projections")).spliterator(), false)
                .filter(p -> name.equals(p.path("name").asString()))
                .flatMap(p -> StreamSupport.stream(p.path("versions").spliterator(), false))
                .filter(b -> b.path("version").asInt() == version && b.path("generation").asInt() == generation)
                .map(b -> b.path("status").asString()).findFirst().orElse("missing");
    }
}
