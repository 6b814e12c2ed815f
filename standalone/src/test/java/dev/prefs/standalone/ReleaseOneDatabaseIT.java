package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.migrations.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Upgrading a database written by release 1 (fixtures/release-1): the current code starts on it, applies the newer
 * migrations, and serves every user exactly as release 1 left them, without rewriting anything release 1 stored.
 */
class ReleaseOneDatabaseIT {

    private static final TestDatabase DB = TestDatabase.create("release_one");
    private static List<Row> releaseOneRows;
    private static long releaseOneEvents;
    private static ConfigurableApplicationContext app;
    private static Http http;

    @BeforeAll
    static void upgradeTheReleaseOneDatabase() throws Exception {
        org.flywaydb.core.Flyway.configure().dataSource(DB.url(), DB.username(), DB.password())
                .target("6").load().migrate();
        String fixture = new String(ReleaseOneDatabaseIT.class.getResourceAsStream(
                "/fixtures/release-1/database.sql").readAllBytes(), StandardCharsets.UTF_8);
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute(fixture);
            releaseOneRows = rows(statement);
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM domain_event_entry")) {
                count.next();
                releaseOneEvents = count.getLong(1);
            }
        }
        app = new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "spring.datasource.url=" + DB.url(),
                        "spring.datasource.username=" + DB.username(), "spring.datasource.password=" + DB.password())
                .run();
        http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theFixtureIsAReleaseOneDatabase() {
        assertThat(releaseOneEvents).isGreaterThan(100);
        assertThat(releaseOneRows).hasSize(40);
        assertThat(releaseOneRows).anyMatch(Row::deleted).anyMatch(row -> !row.deleted());
    }

    @Test
    void everyNewerMigrationIsAppliedOnStartUp() {
        MigrationInfo[] all = DB.flyway().info().all();
        assertThat(DB.flyway().info().pending()).isEmpty();
        assertThat(DB.flyway().info().current().getVersion()).isEqualTo(all[all.length - 1].getVersion());
    }

    @Test
    void everyUserReadsAsReleaseOneLeftThem() {
        for (Row row : releaseOneRows) {
            if (row.equals(changedByTest())) {
                continue;
            }
            HttpResponse<String> read = http.get("/api/users/" + row.userId() + "/preferences?minVersion="
                                                 + row.version());
            if (row.deleted()) {
                assertThat(read.statusCode()).as(row.userId()).isEqualTo(404);
                continue;
            }
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode body = Http.json(read);
            assertThat(body.get("theme").asString()).as(row.userId()).isEqualTo(row.theme());
            assertThat(body.get("language").asString()).as(row.userId()).isEqualTo(row.language());
            assertThat(body.get("notificationsEnabled").asBoolean()).as(row.userId()).isEqualTo(row.notifications());
            assertThat(body.get("version").asLong()).as(row.userId()).isEqualTo(row.version());
        }
    }

    @Test
    void releaseOneUsersKeepChangingWhereTheyLeftOff() {
        Row alive = changedByTest();
        String theme = alive.theme().equals("light") ? "system" : "light";
        HttpResponse<String> patched = http.send("PATCH", "/api/users/" + alive.userId() + "/preferences",
                "{\"theme\":\"" + theme + "\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(Http.json(patched).get("version").asLong()).isEqualTo(alive.version() + 1);
        JsonNode history = Http.json(http.get("/api/users/" + alive.userId() + "/preferences/history"));
        assertThat(history.get("changes").size()).isEqualTo(alive.version() + 1);
    }

    /** The one user this class changes; the other tests leave it out. */
    private static Row changedByTest() {
        return releaseOneRows.stream().filter(row -> !row.deleted()).reduce((first, second) -> second).orElseThrow();
    }

    private static List<Row> rows(Statement statement) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("""
                SELECT user_id, theme, language, notifications_enabled, version, deleted
                  FROM userpreferences_v1 ORDER BY user_id""")) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getString(2), result.getString(3), result.getBoolean(4),
                        result.getLong(5), result.getBoolean(6)));
            }
        }
        return rows;
    }

    private record Row(String userId, String theme, String language, boolean notifications, long version,
                       boolean deleted) {
    }
}
