package dev.prefs.query.personaldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.EventAppender;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The settling after an erasure's transaction: the answer waits for every processor segment held by a live process
 * (here a build of another process's code, registered as {@code elsewhere_v1}, whose token the test moves) and every
 * running bulk phase to pass the erasure, then erases again, so a row a late writer put back is gone by the 200.
 * Past the deadline the answer is 503 and a repeat finishes; a segment nobody holds is not waited for.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "prefs.query.erasure.settle-timeout=3s")
@TestDatabaseDataSource
class ErasureSettlingIT {

    static final TestDatabase DB = TestDatabase.migrated("query_erasure_settling");
    private static final String OTHER = "elsewhere_v1";
    private static final Duration SETTLE = Duration.ofSeconds(3);

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Serializer serializer;
    @LocalServerPort
    int port;

    private HttpJson http;

    @BeforeEach
    void registerABuildOfAnotherProcess() {
        http = new HttpJson(port);
        jdbc.update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at)
                VALUES ('elsewhere', 1, 1, 'elsewhere_v1', ?, 'standby', now())""", OTHER);
    }

    @AfterEach
    void unregister() {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", OTHER);
        jdbc.update("DELETE FROM projection_registry WHERE name IN ('elsewhere', 'bulk')");
    }

    @Test
    void theAnswerWaitsForALiveSegmentBehindTheErasureAndARowWrittenMeanwhileIsGone() throws Exception {
        create("late-1");
        claim(head(), Instant.now());
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(
                () -> http.post("/admin/users/late-1/erase", ""));
        await("the erasure's transaction").atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM userpreferences_v3 WHERE user_id = 'late-1'", Long.class) == 0);

        // A builder that decoded the user's event before the key went writes the row now.
        jdbc.update("""
                INSERT INTO userpreferences_v3 (id, user_id, theme, language, created_at, updated_at, version, deleted)
                VALUES (999999, 'late-1', 'dark', 'en', now(), now(), 1, false)""");
        assertThat(answer).as("still waiting for " + OTHER).isNotDone();
        claim(head() + 1, Instant.now());

        HttpResponse<String> done = answer.get(10, TimeUnit.SECONDS);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences_v3 WHERE user_id = 'late-1'",
                Long.class)).isZero();
    }

    @Test
    void pastTheDeadlineTheAnswerIs503AndARepeatFinishes() {
        create("slow-1");
        claim(head(), Instant.now());
        Instant start = Instant.now();
        HttpResponse<String> late = http.post("/admin/users/slow-1/erase", "");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(503);
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(SETTLE);
        assertThat(late.headers().firstValue("Retry-After")).contains("1");
        assertThat(HttpJson.json(late).path("type").asString()).isEqualTo("urn:prefs:problem:not-caught-up");
        assertThat(HttpJson.json(late).path("detail").asString()).contains(OTHER + " segment 0");
        // The erasure itself is done.
        assertThat(http.get("/api/users/slow-1/preferences").statusCode()).isEqualTo(410);

        claim(head(), Instant.now());
        HttpResponse<String> repeat = http.post("/admin/users/slow-1/erase", "");
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
    }

    @Test
    void aSegmentWhoseClaimExpiredIsNotWaitedFor() {
        create("stale-1");
        claim(head(), Instant.now().minus(Duration.ofHours(1)));
        HttpResponse<String> answer = http.post("/admin/users/stale-1/erase", "");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void aRunningBulkPhaseIsWaitedForUntilItsCheckpointPassesTheErasedStream() {
        create("bulk-1");
        jdbc.update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at, job_id, job_state, snapshot_head)
                VALUES ('bulk', 1, 1, 'bulk_v1', 'bulk_v1', 'building', now(), ?, 'running', 0)""", UUID.randomUUID());
        HttpResponse<String> late = http.post("/admin/users/bulk-1/erase", "");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(503);
        assertThat(HttpJson.json(late).path("detail").asString()).contains("bulk_v1 (bulk phase)");

        String pseudonym = jdbc.queryForObject("SELECT pseudonym FROM erased_user_stream ORDER BY erased_at DESC"
                                               + " LIMIT 1", String.class);
        jdbc.update("UPDATE projection_registry SET bulk_checkpoint = ? WHERE name = 'bulk'", pseudonym);
        HttpResponse<String> repeat = http.post("/admin/users/bulk-1/erase", "");
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
    }

    private void create(String user) {
        new EventAppender(eventStore, transactionManager).append(user, user,
                new PreferencesCreatedEvent(user, null, "dark", "en", null));
        await(user + " to be read").atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/users/" + user + "/preferences?minVersion=1").statusCode() == 200);
    }

    private long head() {
        return jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
    }

    /** The segment 0 of {@link #OTHER}, held by another process since {@code renewed}, at {@code position}. */
    private void claim(long position, Instant renewed) {
        SerializedObject<byte[]> token = serializer.serialize(GapAwareTrackingToken.newInstance(position, Set.of()),
                byte[].class);
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", OTHER);
        jdbc.update("INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner)"
                    + " VALUES (?, 0, ?, ?, ?, 'another-process')", OTHER, token.getData(),
                token.getType().getName(), renewed.toString());
    }
}
