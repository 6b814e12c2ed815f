package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The upgrade to the tenants release, end to end: a database written by release 2 (fixtures/release-2: events of
 * revisions 1 and 2, every value set, no tenants; userpreferences and preferencestats live at version 2) is upgraded
 * by starting the current code on it. Flyway applies V9 (new empty tables), version 3 of both projections is built by
 * replay and switched in; every user's effective values are then exactly release 2's, each held explicitly by the
 * user (release 2's values stay theirs), the stored events and version 2's tables are untouched, and {@code activate}
 * goes back to version 2, which still reads, and forward to 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseTwoDatabaseIT {

    private static final TestDatabase DB = TestDatabase.create("release_two");
    private static final String EVENTS_AS_STORED = """
            SELECT global_index, aggregate_identifier, sequence_number, payload_type, payload_revision, md5(payload),
                   md5(meta_data), time_stamp
            FROM domain_event_entry ORDER BY global_index""";
    private static final String VERSION_TWO_ROWS = "SELECT t::text FROM userpreferences_v2 t ORDER BY user_id";
    private static final String VERSION_TWO_STATS = "SELECT t::text FROM preferencestats_v2_counts t ORDER BY 1";

    private static List<Row> releaseTwoRows;
    private static List<String> releaseTwoEvents;
    private static List<String> releaseTwoTable;
    private static List<String> releaseTwoStats;
    private static List<String> liveBefore;
    private static ConfigurableApplicationContext app;
    private static Http http;

    @BeforeAll
    static void upgradeTheReleaseTwoDatabase() throws Exception {
        org.flywaydb.core.Flyway.configure().dataSource(DB.url(), DB.username(), DB.password())
                .target("8").load().migrate();
        String fixture = new String(ReleaseTwoDatabaseIT.class.getResourceAsStream(
                "/fixtures/release-2/database.sql").readAllBytes(), StandardCharsets.UTF_8);
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute(fixture);
            releaseTwoRows = rows(statement);
        }
        releaseTwoEvents = texts(EVENTS_AS_STORED);
        releaseTwoTable = texts(VERSION_TWO_ROWS);
        releaseTwoStats = texts(VERSION_TWO_STATS);
        liveBefore = texts("SELECT name || ' ' || version FROM projection_registry WHERE status = 'live' ORDER BY 1");

        app = new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "spring.datasource.url=" + DB.url(),
                        "spring.datasource.username=" + DB.username(), "spring.datasource.password=" + DB.password())
                .run();
        http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        awaitLive("userpreferences", 3);
        awaitLive("preferencestats", 3);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void theFixtureIsAReleaseTwoDatabase() {
        assertThat(releaseTwoEvents).hasSizeGreaterThan(100)
                .allMatch(event -> event.contains(",1,") || event.contains(",2,"));
        assertThat(releaseTwoRows).hasSize(40);
        assertThat(releaseTwoRows).anyMatch(Row::deleted).anyMatch(row -> !row.deleted());
        assertThat(releaseTwoRows).anyMatch(row -> !row.deleted() && row.sms())
                .anyMatch(row -> !row.deleted() && row.email() != row.push());
        assertThat(liveBefore).containsExactly("preferencestats 2", "userpreferences 2");
    }

    @Test
    @Order(2)
    void everyMigrationIsAppliedAndVersionThreeWasBuiltByReplayAndSwitchedIn() {
        assertThat(DB.flyway().info().pending()).isEmpty();
        assertThat(DB.flyway().info().current().getVersion().getVersion()).isEqualTo("31");
        JsonNode userPreferences = projection("userpreferences");
        assertThat(build(userPreferences, 3).path("status").asString()).isEqualTo("live");
        assertThat(build(userPreferences, 2).path("status").asString()).isEqualTo("standby");
        assertThat(build(projection("preferencestats"), 2).path("status").asString()).isEqualTo("standby");
    }

    @Test
    @Order(3)
    void everyUsersEffectiveValuesAreReleaseTwosAndHeldByTheUser() {
        for (Row row : releaseTwoRows) {
            HttpResponse<String> read = http.get("/api/users/" + row.userId() + "/preferences?minVersion="
                                                 + row.version());
            if (row.deleted()) {
                assertThat(read.statusCode()).as(row.userId()).isEqualTo(404);
                continue;
            }
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(values(Http.json(read))).as(row.userId()).isEqualTo(row.values());
            JsonNode body = Http.json(read);
            assertThat(body.get("tenantId").isNull()).as(row.userId()).isTrue();
            assertThat(body.get("sources").valueStream().map(JsonNode::asString)).as(row.userId())
                    .hasSize(5).containsOnly("user");
            assertThat(read.headers().firstValue("ETag")).contains("\"" + row.version() + ".0.0.3\"");
        }
    }

    @Test
    @Order(4)
    void statsCountTheSameValuesAsVersionTwoDid() throws Exception {
        JsonNode stats = Http.json(http.get("/api/preferences/stats"));
        long alive = releaseTwoRows.stream().filter(row -> !row.deleted()).count();
        assertThat(stats.get("total").asLong()).isEqualTo(alive);
        assertThat(stats.get("notificationsEnabled").asLong())
                .isEqualTo(releaseTwoRows.stream().filter(r -> !r.deleted() && (r.email() || r.push() || r.sms()))
                        .count());
        assertThat(stats.get("notifications").get("sms").asLong())
                .isEqualTo(releaseTwoRows.stream().filter(r -> !r.deleted() && r.sms()).count());
        Map<String, Long> byLanguage = new TreeMap<>();
        releaseTwoRows.stream().filter(r -> !r.deleted()).forEach(r -> byLanguage.merge(r.language(), 1L, Long::sum));
        Map<String, Long> answered = new TreeMap<>();
        stats.get("byLanguage").properties().forEach(e -> answered.put(e.getKey(), e.getValue().asLong()));
        assertThat(answered).isEqualTo(byLanguage);
        Map<String, Long> versionTwoCounts = new TreeMap<>();
        for (String counter : texts("SELECT dimension || ':' || value || '=' || count FROM preferencestats_v2_counts"
                                    + " WHERE dimension = 'theme'")) {
            String[] parts = counter.split("[:=]");
            versionTwoCounts.put(parts[1], Long.parseLong(parts[2]));
        }
        Map<String, Long> themes = new TreeMap<>();
        stats.get("byTheme").properties().forEach(e -> {
            if (e.getValue().asLong() > 0) {
                themes.put(e.getKey(), e.getValue().asLong());
            }
        });
        versionTwoCounts.values().removeIf(count -> count == 0);
        assertThat(themes).isEqualTo(versionTwoCounts);
    }

    @Test
    @Order(5)
    void nothingReleaseTwoStoredWasRewritten() throws Exception {
        assertThat(texts(EVENTS_AS_STORED)).isEqualTo(releaseTwoEvents);
        assertThat(texts(VERSION_TWO_ROWS)).isEqualTo(releaseTwoTable);
        assertThat(texts(VERSION_TWO_STATS)).isEqualTo(releaseTwoStats);
    }

    @Test
    @Order(6)
    void activateGoesBackToVersionTwoWhichStillReadsAndForwardToThree() throws Exception {
        Row user = releaseTwoRows.stream().filter(row -> !row.deleted()).findFirst().orElseThrow();
        String path = "/api/users/" + user.userId() + "/preferences";

        HttpResponse<String> back = http.send("POST", "/admin/projections/userpreferences/activate",
                "{\"version\": 2}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        HttpResponse<String> versionTwo = http.get(path);
        assertThat(values(Http.json(versionTwo))).isEqualTo(user.values());
        assertThat(Http.json(versionTwo).has("sources")).as("version 2 keeps no layers").isFalse();
        assertThat(versionTwo.headers().firstValue("ETag")).contains("\"" + user.version() + ".0.0.2\"");
        assertThat(texts("SELECT column_name FROM information_schema.columns WHERE table_name = 'userpreferences'"))
                .doesNotContain("tenant_id");

        HttpResponse<String> forward = http.send("POST", "/admin/projections/userpreferences/activate",
                "{\"version\": 3}");
        assertThat(forward.statusCode()).as(forward.body()).isEqualTo(200);
        JsonNode versionThree = Http.json(http.get(path));
        assertThat(values(versionThree)).isEqualTo(user.values());
        assertThat(versionThree.get("sources").get("theme").asString()).isEqualTo("user");
        assertThat(texts("SELECT column_name FROM information_schema.columns WHERE table_name = 'userpreferences'"))
                .contains("tenant_id");
    }

    private static List<Object> values(JsonNode body) {
        JsonNode channels = body.get("notifications");
        return List.of(body.get("theme").asString(), body.get("language").asString(),
                channels.get("email").asBoolean(), channels.get("push").asBoolean(), channels.get("sms").asBoolean(),
                body.get("version").asLong());
    }

    private static void awaitLive(String projection, int version) {
        // The builds run in the background: look again shortly, until the deadline.
        await(projection + " version " + version + " to be switched in").atMost(Duration.ofSeconds(120))
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
                SELECT user_id, theme, language, notify_email, notify_push, notify_sms, version, deleted
                  FROM userpreferences_v2 ORDER BY user_id""")) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getString(2), result.getString(3), result.getBoolean(4),
                        result.getBoolean(5), result.getBoolean(6), result.getLong(7), result.getBoolean(8)));
            }
        }
        return rows;
    }

    /** A user as release 2's version-2 table left them. */
    private record Row(String userId, String theme, String language, boolean email, boolean push, boolean sms,
                       long version, boolean deleted) {

        List<Object> values() {
            return List.of(theme, language, email, push, sms, version);
        }
    }
}
