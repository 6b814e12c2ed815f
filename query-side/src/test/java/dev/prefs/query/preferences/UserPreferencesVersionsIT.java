package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import dev.prefs.query.projection.LiveProjections;
import dev.prefs.query.projection.ProjectionVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A new version of userpreferences declared in code (a test-only v4 in version 2's shape beside the real v1, v2 and
 * v3; being the newest, it is built first and the real v3, older than it once it is live, is left alone; its table made by
 * this test's own SQL) on a
 * database where v2 is live: v4 is built beside v2 at start-up, a poison event parks its user in v4's dead-letter
 * queue and holds the cut-over back, a retry clears it and v4 is switched in by itself; then activate moves reads
 * back to v2 and forward to v4.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UserPreferencesVersionsIT.Version2.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestDatabaseDataSource
class UserPreferencesVersionsIT {

    static final TestDatabase DB = TestDatabase.migrated("query_versions");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 7);
    static final String POISONED_USER = "poisoned";
    /** While set, v4's fold fails on every event of {@link #POISONED_USER} (a bug, fixed by the test later). */
    static final AtomicBoolean POISON = new AtomicBoolean(true);

    static {
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        // An earlier deployment: v2 is live. v4's table, as its migration would create it.
        jdbc.update("""
                INSERT INTO projection_registry (name, version, table_name, processing_group, status, started_at,
                                                 switched_in_at)
                VALUES ('userpreferences', 2, 'userpreferences_v2', 'userpreferences_v2', 'live', now(), now())""");
        jdbc.execute("CREATE TABLE userpreferences_v4 (LIKE userpreferences_v2 INCLUDING ALL)");
        EVENTS.users("user-", 300, 5);
        EVENTS.append(List.of(EVENTS.create(POISONED_USER)));
        EVENTS.append(List.of(EVENTS.change(POISONED_USER, false)));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Version2 {

        @Bean
        ProjectionVersion<UserPreferencesView> userPreferencesV4(JdbcTemplate jdbc) {
            UserPreferencesProjection v2 = new UserPreferencesProjection();
            return new UserPreferencesV2(jdbc, 4, "userpreferences_v4",
                    (row, event) -> {
                        if (POISON.get() && POISONED_USER.equals(event.userId())) {
                            throw new IllegalStateException("v4 cannot fold " + event.userId() + " (test poison)");
                        }
                        return v2.apply(row, event);
                    }, 2);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LiveProjections liveProjections;

    @Test
    @Order(1)
    void aNewVersionIsBuiltBesideTheLiveOneAndSwitchedInOnceItsDeadLettersAreRetried() {
        HttpJson http = new HttpJson(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> "caught-up".equals(build(http, 4).path("jobState").asString()));
        JsonNode v4 = build(http, 4);
        assertThat(v4.path("status").asString()).isEqualTo("building");
        assertThat(v4.path("deadLetters").asLong()).isEqualTo(2);
        assertThat(projection(http).path("activeVersion").asInt()).isEqualTo(2);
        JsonNode job = HttpJson.json(http.get("/admin/rebuilds/" + v4.path("jobId").asString()));
        assertThat(job.path("state").asString()).isEqualTo("caught-up");
        assertThat(job.path("error").asString()).contains("cut-over refused").contains("dead-lettered");

        JsonNode letters = deadLetters(http, "userpreferences_v4");
        assertThat(letters.path("count").asInt()).isEqualTo(2);
        assertThat(letters.path("deadLetters").get(0).path("sequenceIdentifier").asString()).isEqualTo(POISONED_USER);
        assertThat(letters.path("deadLetters").get(0).path("eventType").asString())
                .isEqualTo("dev.prefs.events.PreferencesCreatedEvent");
        assertThat(letters.path("deadLetters").get(0).path("cause").asString()).contains("test poison");
        // v2 keeps serving the user meanwhile.
        assertThat(http.get("/api/users/" + POISONED_USER + "/preferences").statusCode()).isEqualTo(200);

        POISON.set(false);
        JsonNode retried = HttpJson.json(http.post("/admin/dead-letters/userpreferences_v4/retry", ""));
        assertThat(retried.path("remaining").asLong()).isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> projection(http).path("activeVersion").asInt() == 4);
        assertThat(build(http, 2).path("status").asString()).isEqualTo("standby");
        assertThat(build(http, 4).path("jobState").asString()).isEqualTo("switched");
        assertThat(liveProjections.live("userpreferences").table()).isEqualTo("userpreferences_v4");
        assertThat(viewTable()).isEqualTo("userpreferences_v4");
        assertThat(http.get("/api/users/" + POISONED_USER + "/preferences").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(difference("userpreferences_v2", "userpreferences_v4")).isEmpty());
    }

    @Test
    @Order(2)
    void activateMovesReadsBackAndForthAtOnce() {
        HttpJson http = new HttpJson(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> projection(http).path("activeVersion").asInt() == 4);

        JsonNode back = HttpJson.json(http.post("/admin/projections/userpreferences/activate", "{\"version\": 2}"));
        assertThat(back.path("activeVersion").asInt()).isEqualTo(2);
        assertThat(liveProjections.live("userpreferences").version()).isEqualTo(2);
        assertThat(viewTable()).isEqualTo("userpreferences_v2");
        assertThat(build(http, 4).path("status").asString()).isEqualTo("standby");

        // Both keep following: a change made now is in both tables.
        EVENTS.changes(List.of("user-1"));
        long version = EVENTS.expected().get("user-1").version();
        await().atMost(Duration.ofSeconds(30)).until(() -> version("userpreferences_v2", "user-1") == version
                                                            && version("userpreferences_v4", "user-1") == version);

        JsonNode forward = HttpJson.json(http.post("/admin/projections/userpreferences/activate", "{\"version\": 4}"));
        assertThat(forward.path("activeVersion").asInt()).isEqualTo(4);
        assertThat(liveProjections.live("userpreferences").version()).isEqualTo(4);
        assertThat(viewTable()).isEqualTo("userpreferences_v4");
        assertThat(http.get("/api/users/user-1/preferences").headers().firstValue("ETag"))
                .hasValue("\"" + version + ".0.0.4\"");

        assertThat(http.post("/admin/projections/userpreferences/activate", "{\"version\": 5}").statusCode())
                .isEqualTo(404);
        assertThat(http.post("/admin/projections/nothing/activate", "{\"version\": 2}").statusCode())
                .isEqualTo(404);
    }

    private String viewTable() {
        return jdbc.queryForObject("""
                SELECT string_agg(DISTINCT source_table, ',') FROM (
                    SELECT c.relname AS source_table FROM pg_depend d
                    JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class c ON c.oid = d.refobjid
                    WHERE r.ev_class = 'userpreferences'::regclass AND c.relname <> 'userpreferences') t""",
                String.class);
    }

    private long version(String table, String user) {
        return jdbc.query("SELECT version FROM " + table + " WHERE user_id = ?", (rs, i) -> rs.getLong(1), user)
                   .stream().findFirst().orElse(-1L);
    }

    /** The rows of either table that the other does not have. */
    private List<String> difference(String a, String b) {
        return jdbc.queryForList("(SELECT '" + a + "' AS only_in, x.*::text FROM (SELECT * FROM " + a + " EXCEPT SELECT * FROM "
                                 + b + ") x) UNION ALL (SELECT '" + b + "', y.*::text FROM (SELECT * FROM " + b
                                 + " EXCEPT SELECT * FROM " + a + ") y)").stream().map(Object::toString).toList();
    }

    private static JsonNode projection(HttpJson http) {
        for (JsonNode projection : HttpJson.json(http.get("/admin/projections"))) {
            if ("userpreferences".equals(projection.path("name").asString())) {
                return projection;
            }
        }
        throw new AssertionError("No userpreferences projection");
    }

    private static JsonNode build(HttpJson http, int version) {
        for (JsonNode build : projection(http).path("versions")) {
            if (build.path("version").asInt() == version) {
                return build;
            }
        }
        throw new AssertionError("No build of version " + version);
    }

    private static JsonNode deadLetters(HttpJson http, String group) {
        for (JsonNode letters : HttpJson.json(http.get("/admin/dead-letters"))) {
            if (group.equals(letters.path("processingGroup").asString())) {
                return letters;
            }
        }
        throw new AssertionError("No dead letters of " + group);
    }
}
