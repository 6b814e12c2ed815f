package dev.prefs.query.personaldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.query.EventAppender;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /admin/users/{userId}/erase} on a database where the user is in every read model: every version of
 * userpreferences and preferencestats (1 and 2 rebuilt onto standby, 3 live in generation 2 with generation 1 on
 * standby, and a generation 3 building: a user whose only event cannot be folded keeps its cut-over refused), and
 * both generations of the change feed. Afterwards no row of any table holds the user's id as text, the counters no
 * longer count the user, every read of the user answers 410, others are untouched, the event table only gained the
 * erasure event; a rebuild does not bring the user back, and the same id created again starts empty.
 * <p>
 * The erasure runs once, in the set-up; the two tests that change the state (rebuild, re-creation) run last, in
 * that order.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "prefs.query.rebuild.poll-interval=100ms")
@TestDatabaseDataSource
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserErasureIT {

    static final TestDatabase DB = TestDatabase.migrated("query_erasure");

    private static final String VICTIM = "erase-me-q7";
    private static final String TENANT = "acme";
    private static final List<String> OTHERS = List.of("keep-a", "keep-b");
    /** Its only event changes a user who does not exist: every build dead-letters it, so a rebuild never cuts over. */
    private static final String POISON = "poison-p1";
    private static final String READ_MODELS = "^(userpreferences|preferencestats|changefeed)_";

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    private HttpJson http;
    private final Map<String, Long> victimRowsBefore = new LinkedHashMap<>();
    private final Map<String, List<String>> othersBefore = new LinkedHashMap<>();
    private final Map<String, Integer> building = new LinkedHashMap<>();
    private final Map<String, String> heldJobs = new LinkedHashMap<>();
    private JsonNode statsBefore;
    private JsonNode tenantStatsBefore;
    private long eventRowsBefore;
    private HttpResponse<String> erased;

    @BeforeAll
    void eraseAUserWhoIsEverywhere() {
        http = new HttpJson(port);
        EventAppender events = new EventAppender(eventStore, transactionManager);
        events.append(VICTIM, VICTIM, new PreferencesCreatedEvent(VICTIM, TENANT, "dark", "pt-BR",
                        new ChannelChoices(true, false, true)), new ThemeChangedEvent(VICTIM, "light"),
                new LanguageChangedEvent(VICTIM, "fr"));
        events.append("keep-a", "keep-a", new PreferencesCreatedEvent("keep-a", TENANT, "dark", "en", null));
        events.append("keep-b", "keep-b", new PreferencesCreatedEvent("keep-b", null, null, "de", null),
                new ThemeChangedEvent("keep-b", "system"));
        await("the live builds to hold the three users").atMost(Duration.ofSeconds(60)).until(() ->
                http.get("/api/users/" + VICTIM + "/preferences?minVersion=3").statusCode() == 200
                && http.get("/api/users/keep-b/preferences?minVersion=2").statusCode() == 200
                && HttpJson.json(http.get("/api/preferences/stats")).path("total").asLong() == 3
                && HttpJson.json(http.get("/api/users/" + VICTIM + "/preferences/changes")).path("items").size() == 3);

        // Versions 1 and 2 of both projections end on standby; version 3's rebuild is switched in (generation 1
        // on standby); the change feed's too.
        for (String name : List.of("userpreferences", "preferencestats")) {
            awaitJob(rebuild(name + "?version=1"), "caught-up");
            awaitJob(rebuild(name + "?version=2"), "caught-up");
            awaitJob(rebuild(name + "?version=3"), "switched");
        }
        awaitJob(rebuild("changefeed"), "switched");

        // The poison is dead-lettered by every build; a rebuild of version 3 then stays building, following events.
        events.append(POISON, POISON, new ThemeChangedEvent(POISON, "dark"));
        await("the poison to be dead-lettered").atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(DISTINCT processing_group) FROM dead_letter_entry WHERE sequence_identifier = ?",
                Long.class, POISON) >= 2);
        for (String name : List.of("userpreferences", "preferencestats")) {
            JsonNode job = HttpJson.json(rebuildResponse(name + "?version=3"));
            String jobId = job.path("jobId").asString();
            heldJobs.put(name, jobId);
            building.put(name, job.path("generation").asInt());
            await(name + "'s third generation to follow events with its cut-over refused")
                    .atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                            "SELECT status || '/' || job_state FROM projection_registry WHERE job_id = ?::uuid",
                            String.class, jobId), states -> states.equals(List.of("building/caught-up")));
        }

        for (String table : readModelTables()) {
            victimRowsBefore.put(table, rowsNaming(table, VICTIM));
            if (hasUserId(table)) {
                othersBefore.put(table, jdbc.queryForList("SELECT t::text FROM " + table
                                                          + " t WHERE user_id <> ? ORDER BY 1", String.class, VICTIM));
            }
        }
        statsBefore = HttpJson.json(http.get("/api/preferences/stats"));
        tenantStatsBefore = HttpJson.json(http.get("/api/preferences/stats?tenantId=" + TENANT));
        eventRowsBefore = eventRows();

        erased = http.post("/admin/users/" + VICTIM + "/erase", "");
    }

    @Test
    void theUserWasInEveryVersionAndGenerationBeforeTheErasure() {
        int g = building.get("userpreferences");
        int s = building.get("preferencestats");
        List<String> expected = List.of("userpreferences_v1_g2", "userpreferences_v2_g2",
                "userpreferences_v3", "userpreferences_v3_g2", "userpreferences_v3_g" + g,
                "preferencestats_v1_users_g2", "preferencestats_v2_users_g2", "preferencestats_v3_users",
                "preferencestats_v3_users_g2", "preferencestats_v3_users_g" + s, "changefeed_v1",
                "changefeed_v1_users", "changefeed_v1_g2", "changefeed_v1_users_g2");
        for (String table : expected) {
            assertThat(victimRowsBefore.get(table)).as(table).isPositive();
        }
        assertThat(building.values()).allMatch(generation -> generation == 3);
    }

    @Test
    void theErasureAnswersTheUserAndWhen() {
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        JsonNode body = HttpJson.json(erased);
        assertThat(body.path("userId").asString()).isEqualTo(VICTIM);
        assertThat(Instant.parse(body.path("erasedAt").asString())).isBefore(Instant.now());
    }

    @Test
    void noRowOfAnyTableHoldsTheUsersIdAsText() {
        List<String> holding = new ArrayList<>();
        for (String table : jdbc.queryForList(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1", String.class)) {
            if (rowsNaming(table, VICTIM) > 0) {
                holding.add(table);
            }
        }
        assertThat(holding).isEmpty();
    }

    @Test
    void theBuildsStillFollowingHoldNothingOfTheUserAfterTheAnswer() {
        // The building generations and the standby ones keep following; nothing they fold brings the user back.
        for (String table : readModelTables()) {
            assertThat(rowsNaming(table, VICTIM)).as(table).isZero();
        }
    }

    @Test
    void theOtherUsersRowsAreUntouched() {
        othersBefore.forEach((table, rows) -> assertThat(jdbc.queryForList(
                "SELECT t::text FROM " + table + " t WHERE user_id <> ? ORDER BY 1", String.class, VICTIM))
                .as(table).isEqualTo(rows));
    }

    @Test
    void theStatsNoLongerCountTheUser() {
        JsonNode after = HttpJson.json(http.get("/api/preferences/stats"));
        assertThat(after.path("total").asLong()).isEqualTo(statsBefore.path("total").asLong() - 1);
        assertThat(after.path("byTheme").path("light").asLong())
                .isEqualTo(statsBefore.path("byTheme").path("light").asLong() - 1);
        assertThat(after.path("byLanguage").has("fr")).isFalse();
        assertThat(statsBefore.path("byLanguage").path("fr").asLong()).isEqualTo(1);
        JsonNode tenant = HttpJson.json(http.get("/api/preferences/stats?tenantId=" + TENANT));
        assertThat(tenant.path("total").asLong()).isEqualTo(tenantStatsBefore.path("total").asLong() - 1);
        // Every counter of every build: what the user counted in is 1 less, nothing below 0.
        for (String table : readModelTables()) {
            if (table.contains("_counts") && jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class) > 0) {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE count < 0", Long.class))
                        .as(table).isZero();
                assertThat(jdbc.queryForObject("SELECT coalesce(sum(count), 0) FROM " + table
                                               + " WHERE dimension = 'total'", Long.class)).as(table).isEqualTo(2);
            }
        }
    }

    @Test
    void theChangeFeedKeepsNoItemOfTheUser() {
        for (String table : readModelTables()) {
            if (table.startsWith("changefeed_v1") && hasUserId(table)) {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE user_id = ?", Long.class,
                        VICTIM)).as(table).isZero();
            }
        }
        JsonNode all = HttpJson.json(http.get("/api/changes?limit=1000"));
        assertThat(StreamSupport.stream(all.path("items").spliterator(), false)
                .map(item -> item.path("userId").asString())).doesNotContain(VICTIM).contains("keep-a", "keep-b");
    }

    @Test
    void everyReadOfTheUserAnswersErased() {
        for (String path : List.of("/preferences", "/preferences?asOf=" + Instant.now(), "/preferences/history",
                "/preferences/explain", "/preferences/changes")) {
            HttpResponse<String> read = http.get("/api/users/" + VICTIM + path);
            assertThat(read.statusCode()).as(path + ": " + read.body()).isEqualTo(410);
            assertThat(HttpJson.json(read).path("type").asString()).as(path).isEqualTo("urn:prefs:problem:erased");
        }
        // The user themselves too.
        HttpResponse<String> own = http.get("/api/users/" + VICTIM + "/preferences", "Authorization",
                HttpJson.bearer(VICTIM, null, null));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(410);
    }

    @Test
    void theListsNoLongerContainTheUser() {
        for (String list : List.of("/api/preferences", "/api/preferences?tenantId=" + TENANT)) {
            JsonNode page = HttpJson.json(http.get(list));
            assertThat(StreamSupport.stream(page.path("items").spliterator(), false)
                    .map(item -> item.path("userId").asString())).as(list).doesNotContain(VICTIM).contains("keep-a");
        }
    }

    @Test
    void otherUsersAreReadAsBefore() {
        HttpResponse<String> read = http.get("/api/users/keep-b/preferences");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(HttpJson.json(read).path("theme").asString()).isEqualTo("system");
        assertThat(HttpJson.json(http.get("/api/users/keep-a/preferences/history")).path("changes").size())
                .isEqualTo(1);
    }

    @Test
    void theEventTableOnlyGainedTheErasureEventAndStaysAppendOnly() {
        assertThat(eventRows()).isEqualTo(eventRowsBefore + 1);
        assertThatThrownBy(() -> jdbc.update("DELETE FROM domain_event_entry WHERE global_index = "
                                             + "(SELECT max(global_index) FROM domain_event_entry)"))
                .rootCause().hasMessageContaining("append-only");
        assertThat(eventRows()).isEqualTo(eventRowsBefore + 1);
    }

    @Test
    void aRepeatAnswersTheSame() {
        HttpResponse<String> again = http.post("/admin/users/" + VICTIM + "/erase", "");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(HttpJson.json(again)).isEqualTo(HttpJson.json(erased));
        assertThat(eventRows()).isEqualTo(eventRowsBefore + 1);
    }

    @Test
    void aUserNeverCreatedIs404() {
        HttpResponse<String> answer = http.post("/admin/users/never-created/erase", "");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
        assertThat(HttpJson.json(answer).path("type").asString()).isEqualTo("urn:prefs:problem:preferences-not-found");
    }

    @Test
    void anInvalidUserIdIs400() {
        HttpResponse<String> answer = http.post("/admin/users/not!valid/erase", "");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(HttpJson.json(answer).path("type").asString()).isEqualTo("urn:prefs:problem:validation-failed");
    }

    @Test
    void onlyAnAdminMayErase() {
        // The user themselves, another user, a follower of the change feed, the admin of the user's tenant.
        for (String token : List.of(HttpJson.bearer("keep-a", null, null), HttpJson.bearer("keep-b", null, null),
                HttpJson.bearer("feed", JwtTokens.CHANGES_SCOPE, null),
                HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, TENANT))) {
            HttpResponse<String> refused = http.send("POST", "/admin/users/keep-a/erase", "", "Authorization", token);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(HttpJson.json(refused).path("type").asString()).isEqualTo("urn:prefs:problem:forbidden");
        }
        assertThat(http.get("/api/users/keep-a/preferences").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(Order.DEFAULT + 1)
    void aRebuildAfterTheErasureDoesNotBringTheUserBack() {
        for (Map.Entry<String, String> held : heldJobs.entrySet()) {
            assertThat(http.post("/admin/rebuilds/" + held.getValue() + "/cancel", "").statusCode()).isEqualTo(200);
        }
        Map<String, String> compared = Map.of(
                "userpreferences", "userpreferences_v3",
                "preferencestats", "preferencestats_v3_counts",
                "changefeed", "changefeed_v1");
        for (Map.Entry<String, String> projection : compared.entrySet()) {
            String name = projection.getKey();
            int liveBefore = liveGeneration(name);
            JsonNode job = HttpJson.json(rebuildResponse(name + (name.equals("changefeed") ? "" : "?force=true")));
            awaitJob(job.path("jobId").asString(), "switched");
            int rebuilt = job.path("generation").asInt();
            String base = projection.getValue();
            String before = table(base, liveBefore);
            String after = table(base, rebuilt);
            // The rebuilt generation holds what the erased one holds (the change feed's positions aside: the
            // rebuild numbers its items again without the erased user's).
            String columns = switch (name) {
                case "preferencestats" -> "tenant_id, dimension, value, count";
                case "changefeed" -> "global_index, ordinal, user_id, tenant_id, version, at, cause_layer, cause_id,"
                                     + " cause_type, cause_by, changes";
                default -> "*";
            };
            String where = name.equals("preferencestats") ? " WHERE count <> 0" : "";
            await(after + " to hold what " + before + " holds").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(jdbc.queryForList("SELECT t::text FROM (SELECT " + columns + " FROM " + after + where
                                                 + ") t ORDER BY 1", String.class))
                            .isEqualTo(jdbc.queryForList("SELECT t::text FROM (SELECT " + columns + " FROM " + before
                                                         + where + ") t ORDER BY 1", String.class))
                            .isNotEmpty());
            for (String table : readModelTables()) {
                assertThat(rowsNaming(table, VICTIM)).as(table).isZero();
            }
        }
    }

    @Test
    @Order(Order.DEFAULT + 2)
    void theSameIdCreatedAgainStartsEmptyOfHistory() {
        // Between the erasure and the re-creation (event times are stored to the millisecond: now could be later).
        Instant between = Instant.parse(HttpJson.json(erased).path("erasedAt").asString());
        EventAppender fresh = new EventAppender(eventStore, transactionManager);
        fresh.append(VICTIM, VICTIM, new PreferencesCreatedEvent(VICTIM, null, "system", "en", null));
        await("the user created again to be read").atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/users/" + VICTIM + "/preferences?minVersion=1").statusCode() == 200);

        JsonNode read = HttpJson.json(http.get("/api/users/" + VICTIM + "/preferences"));
        assertThat(read.path("version").asLong()).isEqualTo(1);
        assertThat(read.path("theme").asString()).isEqualTo("system");
        assertThat(HttpJson.json(http.get("/api/users/" + VICTIM + "/preferences/history")).path("changes").size())
                .isEqualTo(1);
        HttpResponse<String> before = http.get("/api/users/" + VICTIM + "/preferences?asOf=" + between);
        assertThat(before.statusCode()).as(before.body()).isEqualTo(404);
        assertThat(HttpJson.json(before).path("type").asString())
                .isEqualTo("urn:prefs:problem:preferences-not-found");
        await("the change feed to have the new user's one item").atMost(Duration.ofSeconds(30)).until(() ->
                HttpJson.json(http.get("/api/users/" + VICTIM + "/preferences/changes")).path("items").size() == 1);
        assertThat(HttpJson.json(http.get("/api/preferences/stats")).path("total").asLong())
                .isEqualTo(statsBefore.path("total").asLong());
    }

    private List<String> readModelTables() {
        return jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                                 + " AND tablename ~ ? ORDER BY 1", String.class, READ_MODELS);
    }

    private long rowsNaming(String table, String text) {
        Long rows = jdbc.queryForObject("SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0",
                Long.class, text);
        return rows == null ? 0 : rows;
    }

    private boolean hasUserId(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'user_id')",
                Boolean.class, table));
    }

    private long eventRows() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    private static String table(String base, int generation) {
        return generation == 1 ? base : base + "_g" + generation;
    }

    private int liveGeneration(String name) {
        return jdbc.queryForObject("SELECT generation FROM projection_registry WHERE name = ? AND status = 'live'",
                Integer.class, name);
    }

    private HttpResponse<String> rebuildResponse(String nameAndQuery) {
        HttpResponse<String> started = http.post("/admin/projections/" + nameAndQuery.replaceFirst("\\?", "/rebuild?")
                                                 + (nameAndQuery.contains("?") ? "" : "/rebuild"), "");
        assertThat(started.statusCode()).as(nameAndQuery + ": " + started.body()).isEqualTo(202);
        return started;
    }

    private String rebuild(String nameAndQuery) {
        return HttpJson.json(rebuildResponse(nameAndQuery)).path("jobId").asString();
    }

    private void awaitJob(String jobId, String state) {
        await("rebuild " + jobId + " to be " + state).atMost(Duration.ofSeconds(90)).until(() ->
                state.equals(HttpJson.json(http.get("/admin/rebuilds/" + jobId)).path("state").asString()));
    }
}
