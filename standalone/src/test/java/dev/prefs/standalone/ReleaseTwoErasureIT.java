package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.platform.crypto.EventTableEncryption;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.flywaydb.core.Flyway;
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
 * Erasing users that release 2 created, on its database (fixtures/release-2) upgraded by starting the current
 * standalone on it: before the copy job has encrypted their events the erasure is refused with 409
 * {@code events-not-yet-encrypted} and writes nothing; so it is while the copy job's clear copy
 * ({@code --keep-clear-copy}) still holds them; once that is dropped the erasure is done, and then no row of any
 * table, read as text (bytea as hex), holds their ids, Idempotency-Keys or correlation ids.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseTwoErasureIT {

    private static final TestDatabase DB = TestDatabase.create("release_two_erasure");
    private static final Pattern CORRELATION_ID = Pattern.compile("\"correlationId\":\"([^\"]+)\"");
    private static final String NOT_YET_ENCRYPTED = "urn:prefs:problem:events-not-yet-encrypted";

    private static ConfigurableApplicationContext app;
    private static Http admin;
    /** The release-2 users to erase, each with what only they had (their id first). */
    private static final Map<String, List<String>> users = new LinkedHashMap<>();
    /** Their Idempotency-Keys that no other user's key contains. */
    private static final List<String> keys = new ArrayList<>();

    @BeforeAll
    static void upgradeTheReleaseTwoDatabase() throws Exception {
        Flyway.configure().dataSource(DB.url(), DB.username(), DB.password()).target("8").load().migrate();
        String fixture = new String(ReleaseTwoErasureIT.class.getResourceAsStream(
                "/fixtures/release-2/database.sql").readAllBytes(), StandardCharsets.UTF_8);
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute(fixture);
        }
        app = new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "spring.datasource.url=" + DB.url(),
                        "spring.datasource.username=" + DB.username(), "spring.datasource.password=" + DB.password())
                .run();
        admin = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        await("every projection built and caught up").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200)).until(ReleaseTwoErasureIT::allCaughtUp);

        // A user release 2 gave Idempotency-Keys, and the one the start-up's replay checkpointed last, if another.
        List<String> ids = new ArrayList<>(texts("""
                SELECT min(k.user_id) FROM idempotency_keys k JOIN userpreferences_v2 u USING (user_id)
                 WHERE NOT u.deleted"""));
        ids.addAll(texts("SELECT DISTINCT bulk_checkpoint FROM projection_registry WHERE bulk_checkpoint NOT LIKE"
                         + " '%/%'"));
        List<String> everyone = texts("SELECT DISTINCT user_id FROM userpreferences_v2");
        for (String id : ids.stream().distinct().toList()) {
            // Each needle must be the user's alone: no other id contains it.
            assertThat(everyone.stream().filter(other -> other.contains(id))).containsExactly(id);
            List<String> only = new ArrayList<>(List.of(id));
            List<String> own = texts("SELECT idempotency_key FROM idempotency_keys k WHERE user_id = '" + id
                                     + "' AND NOT EXISTS (SELECT 1 FROM idempotency_keys o WHERE o.user_id <>"
                                     + " k.user_id AND strpos(o.idempotency_key, k.idempotency_key) > 0)");
            keys.addAll(own);
            only.addAll(own);
            Matcher correlation = CORRELATION_ID.matcher(
                    ok(admin.get("/api/users/" + id + "/preferences/history"), 200).body());
            while (correlation.find()) {
                only.add(correlation.group(1));
            }
            users.put(id, only);
        }
        assertThat(users).isNotEmpty();
        assertThat(keys).isNotEmpty();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void beforeTheCopyJobTheErasureIsRefusedAndWritesNothing() throws Exception {
        TableScan before = TableScan.of(DB.dataSource());
        for (String user : users.keySet()) {
            assertThat(before.tablesHolding(user)).contains("domain_event_entry", "userpreferences_v3");

            refused(user);
        }

        TableScan after = TableScan.of(DB.dataSource());
        for (String table : before.tables()) {
            if (!table.equals("token_entry")) {
                assertThat(after.rows(table)).as(table).containsExactlyInAnyOrderElementsOf(before.rows(table));
            }
        }
        for (String user : users.keySet()) {
            ok(admin.get("/api/users/" + user + "/preferences/history"), 200);
        }
    }

    @Test
    @Order(2)
    void whileTheCopyJobsClearCopyIsKeptTheErasureIsRefused() throws Exception {
        EventTableEncryption.Result copied = app.getBean(EventTableEncryption.class).run(true);
        assertThat(copied.swapped()).isTrue();
        TableScan scan = TableScan.of(DB.dataSource());
        for (String user : users.keySet()) {
            assertThat(scan.tablesHolding(user)).contains("domain_event_entry_clear")
                    .doesNotContain("domain_event_entry");

            refused(user);
        }
    }

    @Test
    @Order(3)
    void onceEncryptedTheErasureLeavesNoRowHoldingTheUsersOrAnythingOnlyTheyHad() throws Exception {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE domain_event_entry_clear");
        }
        TableScan before = TableScan.of(DB.dataSource());
        List<String> needles = users.values().stream().flatMap(List::stream).toList();
        // What must be gone is there: the ids in the read models of both versions, the keys with their answers.
        for (Map.Entry<String, List<String>> user : users.entrySet()) {
            assertThat(before.tablesHolding(user.getKey())).contains("userpreferences_v2", "userpreferences_v3");
        }
        for (String key : keys) {
            assertThat(before.tablesHolding(key)).as(key).contains("idempotency_keys");
        }
        long events = count("domain_event_entry");

        for (String user : users.keySet()) {
            JsonNode erased = Http.json(ok(admin.send("POST", "/admin/users/" + user + "/erase", null), 200));
            assertThat(erased.path("userId").asString()).isEqualTo(user);
        }

        TableScan after = TableScan.of(DB.dataSource());
        TreeSet<String> traces = after.traces(needles);
        System.out.printf("ReleaseTwoErasureIT: %d users erased, %d tables, %d rows scanned; before the erasure %s;"
                          + " after: %s%n", users.size(), after.tables().size(), after.rowCount(),
                before.traces(needles), traces);
        assertThat(traces).as("traces of the erased users").isEmpty();
        assertThat(count("domain_event_entry")).isEqualTo(events + users.size());
        for (String user : users.keySet()) {
            for (String read : List.of("", "/history", "/explain")) {
                HttpResponse<String> answer = admin.get("/api/users/" + user + "/preferences" + read);
                assertThat(answer.statusCode()).as(read + " " + answer.body()).isIn(404, 410);
            }
        }
    }

    private static void refused(String user) throws SQLException {
        long events = count("domain_event_entry");
        HttpResponse<String> refused = admin.send("POST", "/admin/users/" + user + "/erase", null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(Http.json(refused).path("type").asString()).isEqualTo(NOT_YET_ENCRYPTED);
        assertThat(count("domain_event_entry")).isEqualTo(events);
        assertThat(count("erased_user_stream")).isZero();
    }

    private static boolean allCaughtUp() {
        HttpResponse<String> answer = admin.get("/admin/projections");
        if (answer.statusCode() != 200) {
            return false;
        }
        return StreamSupport.stream(Http.json(answer).spliterator(), false)
                .flatMap(p -> StreamSupport.stream(p.path("versions").spliterator(), false))
                .allMatch(b -> !b.path("status").asString().equals("building") && b.path("lag").asLong() == 0);
    }

    private static HttpResponse<String> ok(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isEqualTo(status);
        return answer;
    }

    private static long count(String table) throws SQLException {
        return Long.parseLong(texts("SELECT count(*) FROM " + table).get(0));
    }

    private static List<String> texts(String sql) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
        }
        return texts;
    }
}
