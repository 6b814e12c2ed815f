package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.platform.crypto.PersonalDataKeys;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
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
 * Erasure through the HTTP API, checked the way an auditor would: a user with a history of their own (values no
 * other user has, Idempotency-Keys, correlation ids, a tenant, a snapshot, a dead letter, change-feed items, a
 * standby generation of the read models and a rebuild still building) is erased with
 * {@code POST /admin/users/{id}/erase}, and then no row of any table of the schema, read as text as a plain
 * {@code pg_dump} writes it (bytea as hex), holds the user's id or any of those values, in clear or as hex. The same
 * scan finds them all before the erasure. The event table keeps its rows plus the one erasure event and stays
 * append-only; another user is untouched; every read of the user answers as if they never existed (or 410), and the
 * same id starts again with an empty history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureLeavesNoTraceIT {

    private static final TestDatabase DB = TestDatabase.create("erasure_scan");
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String USER = "scan-" + SUFFIX;
    private static final String OTHER = "other-" + SUFFIX;
    private static final String HELD = "held-" + SUFFIX;
    private static final String TENANT = "tenant-" + SUFFIX;
    /** BCP 47 tags with a private-use part: values only this user has. */
    private static final String LANGUAGE = "en-x-a" + SUFFIX.substring(1);
    private static final String OTHER_LANGUAGE = "fr-x-b" + SUFFIX.substring(1);
    private static final Pattern CORRELATION_ID = Pattern.compile("\"correlationId\":\"([^\"]+)\"");

    private static ConfigurableApplicationContext app;
    private static Http admin;
    private static Http user;
    private static final List<String> keys = new ArrayList<>();
    private static final List<String> correlationIds = new ArrayList<>();
    private static String pseudonym;
    private static String otherBefore;
    private static String otherHistoryBefore;
    private static Instant whileTheUserExisted;
    private static TableScan before;
    private static long eventsBefore;

    @BeforeAll
    static void aUserWithAHistoryOfTheirOwn() throws Exception {
        app = new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "spring.datasource.url=" + DB.url(),
                        "spring.datasource.username=" + DB.username(), "spring.datasource.password=" + DB.password())
                // Arguments: the modules' defaults outrank default properties. A snapshot every 3 events.
                .run("--prefs.command.snapshot-every=3");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        admin = new Http(port);
        user = admin.as(JwtTokens.mint(Http.SECRET, USER, false, Duration.ofHours(1)));

        ok(admin.send("POST", "/api/users/" + OTHER + "/preferences", "{\"theme\":\"dark\",\"language\":\"de\"}"),
                201);
        // Created by an admin into a tenant, then changed by the user, every request with a key of its own.
        ok(admin.send("POST", "/api/users/" + USER + "/preferences",
                "{\"theme\":\"light\",\"language\":\"" + LANGUAGE + "\",\"tenantId\":\"" + TENANT + "\"}",
                "Idempotency-Key", key()), 201);
        for (String patch : List.of("{\"language\":\"" + OTHER_LANGUAGE + "\"}", "{\"theme\":\"system\"}",
                "{\"notifications\":{\"sms\":true}}", "{\"language\":\"" + LANGUAGE + "\"}")) {
            ok(user.send("PATCH", "/api/users/" + USER + "/preferences", patch, "Idempotency-Key", key()), 200);
        }
        // A change of the tenant's defaults moves an inherited value: a feed item caused by the tenant.
        ok(admin.send("PATCH", "/api/tenants/" + TENANT + "/defaults", "{\"notifications\":{\"push\":false}}"), 200);
        ok(await200(user, "/api/users/" + USER + "/preferences?minVersion=5"), 200);
        whileTheUserExisted = Instant.now();
        HttpResponse<String> history = ok(user.get("/api/users/" + USER + "/preferences/history"), 200);
        Matcher ids = CORRELATION_ID.matcher(history.body());
        while (ids.find()) {
            correlationIds.add(ids.group(1));
        }
        assertThat(correlationIds).hasSize(5).doesNotHaveDuplicates();
        await("the user's change-feed items").atMost(Duration.ofSeconds(30)).until(
                () -> feedItems(user, "/api/users/" + USER + "/preferences/changes").size() >= 6);

        pseudonym = app.getBean(PersonalDataKeys.class).pseudonym(USER);
        await("a snapshot of the user's aggregate").atMost(Duration.ofSeconds(30))
                .until(() -> count("snapshot_event_entry WHERE aggregate_identifier = '" + pseudonym + "'") > 0);

        park(USER, "userpreferences");
        // A standby generation of the user read model and of the change feed: rebuilt and switched in.
        rebuildAndAwait("userpreferences", "switched");
        rebuildAndAwait("changefeed", "switched");
        // A rebuild still building at the erasure: a dead letter of another user in its processing group holds its
        // cut-over back (one of the user's would keep the user out of its bulk phase).
        ok(admin.send("POST", "/api/users/" + HELD + "/preferences", "{\"theme\":\"light\"}"), 201);
        park(HELD, "userpreferences");
        String building = nextProcessingGroup("preferencestats");
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO dead_letter_entry
                    SELECT 'held-' || dead_letter_identifier, '%s', sequence_identifier, sequence_index, message_type,
                           event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data,
                           aggregate_type, aggregate_identifier, sequence_number, token_type, token, enqueued_at,
                           last_touched, processing_started, cause_type, cause_message, diagnostics
                      FROM dead_letter_entry WHERE sequence_identifier = '%s'""".formatted(building, HELD));
        }
        String job = rebuildAndAwait("preferencestats", "caught-up");
        assertThat(Http.json(admin.get("/admin/rebuilds/" + job)).path("processingGroup").asString())
                .isEqualTo(building);

        otherBefore = ok(admin.get("/api/users/" + OTHER + "/preferences"), 200).body();
        otherHistoryBefore = ok(admin.get("/api/users/" + OTHER + "/preferences/history"), 200).body();
        eventsBefore = count("domain_event_entry");
        before = TableScan.of(DB.dataSource());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void beforeTheErasureTheScanFindsTheUserInEveryKindOfTable() {
        // What is asserted to be gone afterwards is there now: the scan can fail.
        assertThat(before.tablesHolding(USER)).contains("idempotency_keys", "dead_letter_entry",
                "userpreferences_v3", "userpreferences_v3_g2", "preferencestats_v3_users",
                "preferencestats_v3_users_g2", "changefeed_v1", "changefeed_v1_g2", "changefeed_v1_users",
                "changefeed_v1_users_g2");
        assertThat(before.traces(List.of(LANGUAGE, OTHER_LANGUAGE))).isNotEmpty();
        assertThat(before.tablesHolding(LANGUAGE)).contains("preferencestats_v3_counts");
        assertThat(before.tablesHolding(OTHER_LANGUAGE)).contains("changefeed_v1");
        for (String key : keys) {
            assertThat(before.tablesHolding(key)).as(key).contains("idempotency_keys");
        }
        // The dead letter's metadata (bytea, so hex) carries the last change's correlation id.
        assertThat(before.tablesHolding(correlationIds.get(4))).contains("dead_letter_entry");
        // Its payload is bytea: the user id is there as hex too.
        assertThat(before.rows("dead_letter_entry")).anyMatch(row -> row.contains(TableScan.hex(USER)));
        assertThat(currentBuildingGroup()).isNotEqualTo("none");
    }

    @Test
    @Order(2)
    void afterTheErasureNoRowOfAnyTableHoldsTheUserOrAnythingOnlyTheyHad() throws Exception {
        assertThat(status("preferencestats", currentBuildingGroup())).as("a rebuild building").isEqualTo("building");

        long started = System.nanoTime();
        HttpResponse<String> erased = ok(admin.send("POST", "/admin/users/" + USER + "/erase", null), 200);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        JsonNode body = Http.json(erased);
        assertThat(body.path("userId").asString()).isEqualTo(USER);
        Instant erasedAt = Instant.parse(body.path("erasedAt").asString());
        assertThat(erasedAt).isAfter(whileTheUserExisted);
        HttpResponse<String> again = ok(admin.send("POST", "/admin/users/" + USER + "/erase", null), 200);
        assertThat(Http.json(again)).isEqualTo(body);

        TableScan after = TableScan.of(DB.dataSource());
        List<String> needles = new ArrayList<>(List.of(USER, LANGUAGE, OTHER_LANGUAGE));
        needles.addAll(keys);
        needles.addAll(correlationIds);
        TreeSet<String> traces = after.traces(needles);
        System.out.printf("ErasureLeavesNoTraceIT: erased in %d ms; %d tables, %d rows scanned; before the erasure"
                          + " %d traces in %s; after: %s%n", tookMs, after.tables().size(), after.rowCount(),
                before.traces(needles).size(), tablesOf(before.traces(needles)), traces);
        assertThat(count("snapshot_event_entry WHERE aggregate_identifier = '" + pseudonym + "'")).isZero();
        assertThat(traces).as("traces of the erased user").isEmpty();
    }

    @Test
    @Order(3)
    void theEventTableGrewByTheErasureEventAloneAndStaysAppendOnly() throws Exception {
        assertThat(count("domain_event_entry")).isEqualTo(eventsBefore + 1);
        assertThat(count("domain_event_entry WHERE payload_type = 'dev.prefs.platform.crypto.StreamErasedEvent'"))
                .isEqualTo(1);
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DELETE FROM domain_event_entry WHERE aggregate_identifier = '"
                                                       + pseudonym + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.execute("UPDATE domain_event_entry SET payload = payload"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(count("domain_event_entry")).isEqualTo(eventsBefore + 1);
    }

    @Test
    @Order(4)
    void everyReadOfTheUserAnswersAsIfTheyNeverExistedAndOthersAreUntouched() {
        String path = "/api/users/" + USER + "/preferences";
        for (String read : List.of(path, path + "?asOf=" + whileTheUserExisted, path + "?asOf=" + Instant.now(),
                path + "/history", path + "/explain", path + "/explain?asOf=" + whileTheUserExisted,
                "/api/users/" + USER + "/export")) {
            for (Http client : List.of(admin, user)) {
                HttpResponse<String> answer = client.get(read);
                assertThat(answer.statusCode()).as(read + " " + answer.body()).isIn(404, 410);
                assertThat(answer.body()).as(read).doesNotContain(LANGUAGE).doesNotContain(OTHER_LANGUAGE);
            }
        }
        HttpResponse<String> feed = admin.send("GET", path + "/changes", null, "Accept", "application/json");
        if (feed.statusCode() == 200) {
            assertThat(Http.json(feed).path("items").size()).as(feed.body()).isZero();
        } else {
            assertThat(feed.statusCode()).as(feed.body()).isIn(404, 410);
        }
        assertThat(feedItems(admin, "/api/changes?limit=1000")).isNotEmpty()
                .noneMatch(item -> item.path("userId").asString().equals(USER));
        assertThat(admin.get("/api/preferences?limit=500").body()).doesNotContain(USER);
        assertThat(admin.get("/api/preferences/stats").body()).doesNotContain(LANGUAGE).doesNotContain(
                OTHER_LANGUAGE);
        HttpResponse<String> patch = user.send("PATCH", path, "{\"theme\":\"dark\"}");
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(404);

        assertThat(ok(admin.get("/api/users/" + OTHER + "/preferences"), 200).body()).isEqualTo(otherBefore);
        assertThat(ok(admin.get("/api/users/" + OTHER + "/preferences/history"), 200).body())
                .isEqualTo(otherHistoryBefore);
    }

    @Test
    @Order(5)
    void theSameIdStartsAgainWithAnEmptyHistoryAndItsOldKeysForgotten() {
        // The first request's key and body again: nothing remembers its answer, so it creates anew.
        HttpResponse<String> created = ok(admin.send("POST", "/api/users/" + USER + "/preferences",
                "{\"theme\":\"light\",\"language\":\"" + LANGUAGE + "\",\"tenantId\":\"" + TENANT + "\"}",
                "Idempotency-Key", keys.get(0)), 201);
        assertThat(created.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
        JsonNode history = Http.json(ok(user.get("/api/users/" + USER + "/preferences/history"), 200));
        List<JsonNode> changes = StreamSupport.stream((history.isArray() ? history : history.path("changes"))
                .spliterator(), false).toList();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("type").asString()).isEqualTo("PreferencesCreated");
        assertThat(changes.get(0).path("correlationId").asString()).isNotIn(correlationIds);
    }

    private static String key() {
        String key = "idem-" + SUFFIX + "-" + keys.size();
        keys.add(key);
        return key;
    }

    /** Parks the user's last event in the dead-letter queue of the live build of {@code projection}. */
    private static void park(String userId, String projection) {
        ProjectionRuntime runtime = app.getBean(ProjectionRuntime.class);
        var live = app.getBean(ProjectionRegistry.class).live(projection).orElseThrow();
        List<? extends DomainEventMessage<?>> history = app.getBean(EventStore.class).readEvents(userId)
                .asStream().toList();
        EventMessage<?> last = history.get(history.size() - 1);
        runtime.deadLetters(runtime.build(live).orElseThrow()).enqueue(userId,
                new GenericDeadLetter<>(userId, last, new IllegalStateException("test: a fold failed")));
    }

    /** Starts a rebuild of {@code projection} and waits until its job reaches {@code state}; the job id. */
    private static String rebuildAndAwait(String projection, String state) {
        HttpResponse<String> started = ok(admin.send("POST", "/admin/projections/" + projection + "/rebuild", null),
                202);
        String job = Http.json(started).path("jobId").asString();
        await(projection + "'s rebuild to be " + state).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> state.equals(Http.json(admin.get("/admin/rebuilds/" + job)).path("state").asString()));
        return job;
    }

    /** The processing group the next generation of {@code projection}'s live version will have. */
    private static String nextProcessingGroup(String projection) {
        JsonNode p = projection(projection);
        int version = p.path("activeVersion").asInt();
        int generation = StreamSupport.stream(p.path("versions").spliterator(), false)
                .filter(b -> b.path("version").asInt() == version)
                .mapToInt(b -> b.path("generation").asInt()).max().orElseThrow();
        boolean building = StreamSupport.stream(p.path("versions").spliterator(), false)
                .anyMatch(b -> b.path("status").asString().equals("building"));
        return projection + "_v" + version + "_g" + (building ? generation : generation + 1);
    }

    private static String currentBuildingGroup() {
        return StreamSupport.stream(projection("preferencestats").path("versions").spliterator(), false)
                .filter(b -> b.path("status").asString().equals("building"))
                .map(b -> b.path("processingGroup").asString()).findFirst().orElse("none");
    }

    private static String status(String projection, String processingGroup) {
        return StreamSupport.stream(projection(projection).path("versions").spliterator(), false)
                .filter(b -> b.path("processingGroup").asString().equals(processingGroup))
                .map(b -> b.path("status").asString()).findFirst().orElse("none");
    }

    private static JsonNode projection(String name) {
        for (JsonNode p : Http.json(admin.get("/admin/projections"))) {
            if (p.path("name").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no projection " + name);
    }

    private static List<JsonNode> feedItems(Http client, String path) {
        HttpResponse<String> page = client.send("GET", path, null, "Accept", "application/json");
        if (page.statusCode() != 200) {
            return List.of();
        }
        return StreamSupport.stream(Http.json(page).path("items").spliterator(), false).toList();
    }

    private static HttpResponse<String> await200(Http client, String path) {
        HttpResponse<String>[] last = new HttpResponse[1];
        await(path).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> (last[0] = client.get(path)).statusCode() == 200);
        return last[0];
    }

    private static HttpResponse<String> ok(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isEqualTo(status);
        return answer;
    }

    private static Set<String> tablesOf(Set<String> traces) {
        TreeSet<String> tables = new TreeSet<>();
        traces.forEach(trace -> tables.add(trace.substring(0, trace.indexOf(':'))));
        return tables;
    }

    private static long count(String from) throws SQLException {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + from)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
