package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The schema evolution by replay, end to end: a database written by release 1 (fixtures/release-1: revision-1
 * events with one notification switch, the version-1 tables) is upgraded by starting the current code on it.
 * Flyway applies V7 and V8 (new empty tables, no row written), the query side builds userpreferences and
 * preferencestats version 2 from the event store while version 1 keeps serving, and switches them in; every user
 * then reads as the contract maps release 1's switch to channels, the stored events and version 1's table are
 * exactly as release 1 left them, and {@code activate} moves reads back to version 1 and forward again. The newest
 * declared version is the one built: since the tenants release that is version 3 (channels, and layers), which is
 * switched in straight from version 1; version 2, older than the live one then, is never built on this database (the
 * upgrade from release 2 is ReleaseTwoDatabaseIT's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseOneDatabaseIT {

    private static final TestDatabase DB = TestDatabase.create("release_one");
    private static final Path MIGRATIONS_CLI = Path.of("..", "db-migrations", "target", "prefs-migrations.jar");
    /** Every stored event and every row of release 1's tables, as text, to prove nothing rewrote them. */
    private static final String EVENTS_AS_STORED = """
            SELECT global_index, payload_type, payload_revision, md5(payload), md5(meta_data)
            FROM domain_event_entry ORDER BY global_index""";
    private static final String VERSION_ONE_ROWS = "SELECT t::text FROM userpreferences_v1 t ORDER BY user_id";
    private static final String VERSION_ONE_STATS = "SELECT t::text FROM preferencestats_v1_counts t ORDER BY 1";

    private static List<Row> releaseOneRows;
    private static List<String> releaseOneEvents;
    private static List<String> releaseOneTable;
    private static List<String> releaseOneStats;
    private static Duration switchedInAfter;
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
        }
        releaseOneEvents = texts(EVENTS_AS_STORED);
        releaseOneTable = texts(VERSION_ONE_ROWS);
        releaseOneStats = texts(VERSION_ONE_STATS);

        Instant started = Instant.now();
        app = new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "spring.datasource.url=" + DB.url(),
                        "spring.datasource.username=" + DB.username(), "spring.datasource.password=" + DB.password())
                .run();
        http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        awaitLive("userpreferences", 3);
        awaitLive("preferencestats", 3);
        switchedInAfter = Duration.between(started, Instant.now());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void theFixtureIsAReleaseOneDatabase() {
        assertThat(releaseOneEvents).hasSizeGreaterThan(100).allMatch(event -> event.contains(",1,"));
        assertThat(releaseOneRows).hasSize(40);
        assertThat(releaseOneRows).anyMatch(Row::deleted).anyMatch(row -> !row.deleted());
        assertThat(releaseOneRows).anyMatch(row -> !row.deleted() && row.notifications())
                .anyMatch(row -> !row.deleted() && !row.notifications());
    }

    @Test
    @Order(2)
    void everyNewerMigrationIsAppliedOnStartUp() {
        MigrationInfo[] all = DB.flyway().info().all();
        assertThat(DB.flyway().info().pending()).isEmpty();
        assertThat(DB.flyway().info().current().getVersion().getVersion()).isEqualTo("31");
        assertThat(all[all.length - 1].getVersion()).isEqualTo(DB.flyway().info().current().getVersion());
    }

    @Test
    @Order(3)
    void versionThreeWasBuiltByReplayAndSwitchedInWhileVersionOneWaitsOnStandby() {
        JsonNode userPreferences = projection("userpreferences");
        assertThat(build(userPreferences, 3).path("status").asString()).isEqualTo("live");
        assertThat(build(userPreferences, 1).path("status").asString()).isEqualTo("standby");
        assertThat(userPreferences.get("versions").findValuesAsString("status")).hasSize(2);
        assertThat(build(projection("preferencestats"), 1).path("status").asString()).isEqualTo("standby");
        assertThat(switchedInAfter).isLessThan(Duration.ofSeconds(120));
    }

    @Test
    @Order(4)
    void everyUserReadsAsTheContractMapsReleaseOnesSwitch() {
        for (Row row : releaseOneRows) {
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
            assertThat(body.get("notifications").get("email").asBoolean()).as(row.userId())
                    .isEqualTo(row.notifications());
            assertThat(body.get("notifications").get("push").asBoolean()).as(row.userId())
                    .isEqualTo(row.notifications());
            assertThat(body.get("notifications").get("sms").asBoolean()).as(row.userId()).isFalse();
            assertThat(body.get("version").asLong()).as(row.userId()).isEqualTo(row.version());
        }
    }

    @Test
    @Order(5)
    void statsCountTheChannelsTheSwitchesMeant() {
        long alive = releaseOneRows.stream().filter(row -> !row.deleted()).count();
        long on = releaseOneRows.stream().filter(row -> !row.deleted() && row.notifications()).count();

        JsonNode stats = Http.json(http.get("/api/preferences/stats"));

        assertThat(stats.get("total").asLong()).isEqualTo(alive);
        assertThat(stats.get("notificationsEnabled").asLong()).isEqualTo(on);
        assertThat(stats.get("notifications").get("email").asLong()).isEqualTo(on);
        assertThat(stats.get("notifications").get("push").asLong()).isEqualTo(on);
        assertThat(stats.get("notifications").get("sms").asLong()).isZero();
    }

    @Test
    @Order(6)
    void historyShowsReleaseOneEventsUpcastToChannels() {
        Row user = releaseOneRows.stream().filter(row -> !row.deleted()).findFirst().orElseThrow();

        JsonNode created = Http.json(http.get("/api/users/" + user.userId() + "/preferences/history"))
                .get("changes").get(0);

        assertThat(created.get("type").asString()).isEqualTo("PreferencesCreated");
        // Release 1's switch: email and push as it was, no SMS; all three the user's explicit values.
        assertThat(created.get("changes").get("notifications.sms").get("to").asBoolean()).isFalse();
        assertThat(created.get("changes").get("notifications.email").get("to").asBoolean())
                .isEqualTo(created.get("changes").get("notifications.push").get("to").asBoolean());
    }

    @Test
    @Order(7)
    void nothingReleaseOneStoredWasRewritten() throws Exception {
        assertThat(texts(EVENTS_AS_STORED)).isEqualTo(releaseOneEvents);
        assertThat(texts(VERSION_ONE_ROWS)).isEqualTo(releaseOneTable);
        assertThat(texts(VERSION_ONE_STATS)).isEqualTo(releaseOneStats);
    }

    @Test
    @Order(8)
    void activateGoesBackToVersionOneAndForwardToVersionThree() throws Exception {
        Row user = releaseOneRows.stream().filter(row -> !row.deleted()).findFirst().orElseThrow();
        String path = "/api/users/" + user.userId() + "/preferences";

        HttpResponse<String> back = http.send("POST", "/admin/projections/userpreferences/activate",
                "{\"version\": 1}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        JsonNode versionOne = Http.json(http.get(path));
        assertThat(versionOne.get("notificationsEnabled").asBoolean()).isEqualTo(user.notifications());
        assertThat(versionOne.has("notifications")).as("version 1 knows only the switch").isFalse();
        assertThat(texts("SELECT column_name FROM information_schema.columns WHERE table_name = 'userpreferences'"))
                .doesNotContain("notify_sms");

        HttpResponse<String> latest = http.send("POST", "/admin/projections/userpreferences/activate",
                "{\"version\": 3}");
        assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
        JsonNode versionThree = Http.json(http.get(path));
        assertThat(versionThree.get("notifications").get("push").asBoolean()).isEqualTo(user.notifications());
        assertThat(versionThree.get("sources").get("notifications.push").asString()).isEqualTo("user");
        assertThat(texts("SELECT column_name FROM information_schema.columns WHERE table_name = 'userpreferences'"))
                .contains("notify_sms", "tenant_id");
    }

    @Test
    @Order(9)
    void releaseOneUsersKeepChangingWhereTheyLeftOff() {
        Row alive = releaseOneRows.stream().filter(row -> !row.deleted()).reduce((first, second) -> second)
                .orElseThrow();
        HttpResponse<String> patched = http.send("PATCH", "/api/users/" + alive.userId() + "/preferences",
                "{\"notifications\": {\"sms\": true}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        long version = Http.json(patched).get("version").asLong();
        assertThat(version).isEqualTo(alive.version() + 1);

        JsonNode read = Http.json(http.get("/api/users/" + alive.userId() + "/preferences?minVersion=" + version));
        assertThat(read.get("notifications").get("sms").asBoolean()).isTrue();
        assertThat(read.get("notifications").get("email").asBoolean()).isEqualTo(alive.notifications());
        assertThat(read.get("notificationsEnabled").asBoolean()).isTrue();
        JsonNode history = Http.json(http.get("/api/users/" + alive.userId() + "/preferences/history"));
        assertThat(history.get("changes").size()).isEqualTo(version);
    }

    @Test
    @Order(10)
    void adminMigrationsAndTheCliShowTheHistory() throws Exception {
        JsonNode migrations = Http.json(http.get("/admin/migrations"));
        assertThat(migrations.get("currentVersion").asString()).isEqualTo("31");
        List<String> descriptions = new ArrayList<>();
        migrations.get("migrations").forEach(m -> descriptions.add(m.get("version").asString() + " "
                                                                    + m.get("description").asString() + " "
                                                                    + m.get("state").asString()));
        assertThat(descriptions).contains("30 personal data keys Success", "20 change feed Success",
                "9 layered defaults Success", "8 notification channels Success",
                "6 preferencestats v1 Success");

        String info = cli("info");
        assertThat(info).contains("8").contains("notification channels").contains("preferencestats v1");
    }

    private static String cli(String command) throws IOException, InterruptedException {
        assertThat(MIGRATIONS_CLI).as("built by the db-migrations module").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", MIGRATIONS_CLI.toString(), command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("SPRING_DATASOURCE_URL", DB.url());
        env.put("SPRING_DATASOURCE_USERNAME", DB.username());
        env.put("SPRING_DATASOURCE_PASSWORD", DB.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void awaitLive(String projection, int version) {
        // The build runs in the background: look again shortly, until the deadline.
        await(projection + " version " + version + " to be switched in").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    HttpResponse<String> answer = http.get("/admin/projections");
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(Http.json(answer).valueStream()
                            .filter(p -> p.get("name").asString().equals(projection))
                            .map(p -> p.path("activeVersion").asInt()))
                            .as(answer.body()).containsExactly(version);
                });
    }

    private static JsonNode projection(String name) {
        for (JsonNode p : Http.json(http.get("/admin/projections"))) {
            if (p.get("name").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no projection " + name);
    }

    private static JsonNode build(JsonNode projection, int version) {
        for (JsonNode build : projection.get("versions")) {
            if (build.get("version").asInt() == version) {
                return build;
            }
        }
        throw new AssertionError("no version " + version + " in " + projection);
    }

    private static List<String> texts(String sql) throws Exception {
        List<String> texts = new ArrayList<>();
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    line.append(i > 1 ? "," : "").append(result.getString(i));
                }
                texts.add(line.toString());
            }
        }
        return texts;
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
