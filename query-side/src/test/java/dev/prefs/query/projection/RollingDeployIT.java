package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A rolling deploy seen from a process of the previous release (this one, which declares versions 1 to 3): a
 * process of a new release switched its version 4 in, which this code does not declare. Reads go on from the
 * build switched out last among the declared versions (v3, not the v1 build switched out long before), in v3's
 * shape, with one warning; once no standby build of a declared version is left they answer 503
 * {@code read-model-unavailable}, never 500.
 * <p>
 * The other process is played by SQL: the registry rows it would write, as the seeds of the other ITs do.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployIT {

    static final TestDatabase DB = TestDatabase.migrated("query_rolling");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 13);
    static final int USERS = 40;

    static {
        EVENTS.users("user-", USERS, 3);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    LiveProjections liveProjections;

    private HttpJson http;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<String, JsonNode> beforeSwitch = new HashMap<>();

    @BeforeAll
    void v3IsLiveWithEveryUser() {
        http = new HttpJson(port);
        logs.start();
        ((Logger) LoggerFactory.getLogger(LiveProjections.class)).addAppender(logs);
        assertThat(liveProjections.live("userpreferences").version()).isEqualTo(3);
        assertThat(liveProjections.live("preferencestats").version()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Map.Entry<String, StoredEvents.Expected> user : EVENTS.expected().entrySet()) {
                HttpResponse<String> answer = http.get("/api/users/" + user.getKey() + "/preferences");
                assertThat(answer.statusCode()).isEqualTo(200);
                // The ETag starts with the user's own version (then the layers' and the read model's).
                assertThat(answer.headers().firstValue("ETag").orElseThrow())
                        .startsWith("\"" + user.getValue().version() + ".");
            }
            assertThat(HttpJson.json(http.get("/api/preferences/stats")).path("total").asLong()).isEqualTo(USERS);
        });
        for (String user : EVENTS.expected().keySet()) {
            beforeSwitch.put(user, HttpJson.json(http.get("/api/users/" + user + "/preferences")));
        }
    }

    @AfterAll
    void detach() {
        ((Logger) LoggerFactory.getLogger(LiveProjections.class)).detachAppender(logs);
    }

    @Test
    @Order(1)
    void readsComeFromTheBuildSwitchedOutLastWhenTheLiveVersionIsNotDeclaredHere() throws Exception {
        transactions.executeWithoutResult(status -> {
            // What the new release's process does when it switches v4 in: the live builds go to standby.
            jdbc.update("""
                    UPDATE projection_registry SET status = 'standby', switched_out_at = now()
                    WHERE name IN ('userpreferences', 'preferencestats') AND status = 'live'""");
            jdbc.update("""
                    INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                     started_at, switched_in_at)
                    VALUES ('userpreferences', 4, 1, 'userpreferences_v4', 'userpreferences_v4', 'live', now(), now()),
                           ('preferencestats', 4, 1, 'preferencestats_v4', 'preferencestats_v4', 'live', now(), now())""");
            // A v1 build switched out an hour ago, also declared here: not the one to read (v3 left live last).
            jdbc.update("""
                    INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                     started_at, switched_in_at, switched_out_at)
                    VALUES ('userpreferences', 1, 1, 'userpreferences_v1', 'userpreferences_v1', 'standby',
                            now() - interval '2 hours', now() - interval '2 hours', now() - interval '1 hour')""");
            jdbc.queryForList("SELECT pg_notify(?, 'userpreferences')", BuildTransitions.CHANNEL);
        });
        liveProjections.invalidate();
        assertThat(liveProjections.live("userpreferences").version()).isEqualTo(4);

        for (Map.Entry<String, JsonNode> user : beforeSwitch.entrySet()) {
            HttpResponse<String> answer = http.get("/api/users/" + user.getKey() + "/preferences");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(HttpJson.json(answer)).isEqualTo(user.getValue());
        }
        JsonNode one = beforeSwitch.get("user-0");
        assertThat(one.path("sources").path("theme").isString()).as("v3's shape: %s", one).isTrue();

        HttpResponse<String> list = http.get("/api/preferences?limit=500");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode items = HttpJson.json(list).path("items");
        assertThat(items).hasSize(USERS);
        items.forEach(item -> assertThat(item).isEqualTo(beforeSwitch.get(item.path("userId").asString())));

        HttpResponse<String> stats = http.get("/api/preferences/stats");
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        assertThat(HttpJson.json(stats).path("total").asLong()).isEqualTo(USERS);
        assertThat(HttpJson.json(stats).path("notifications").path("email").isNumber()).as(stats.body()).isTrue();

        // The standby v3 build still follows events here, and wakes readers waiting for their write.
        HttpResponse<String> written = readAfterWrite("user-1");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        assertThat(written.headers().firstValue("ETag").orElseThrow())
                .startsWith("\"" + EVENTS.expected().get("user-1").version() + ".");

        // Once per switch, not per read: the cache reloaded and more reads leave it at one warning each.
        liveProjections.invalidate();
        http.get("/api/users/user-0/preferences");
        http.get("/api/preferences/stats");
        assertThat(warnings()).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("userpreferences", "version 3 generation 1",
                        "live version 4 is not declared in this process's code", "deploy the new version everywhere"))
                .anySatisfy(w -> assertThat(w).contains("preferencestats", "version 3 generation 1",
                        "live version 4"));
    }

    @Test
    @Order(2)
    void withNoStandbyBuildOfADeclaredVersionLeftReadsAnswer503() {
        jdbc.update("UPDATE projection_registry SET status = 'retired', retired_at = now() WHERE status = 'standby'");
        liveProjections.invalidate();

        for (String path : List.of("/api/users/user-0/preferences", "/api/preferences", "/api/preferences/stats")) {
            HttpResponse<String> answer = http.get(path);
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = HttpJson.json(answer);
            assertThat(problem.path("type").asString()).isEqualTo("urn:prefs:problem:read-model-unavailable");
            assertThat(problem.path("detail").asString()).contains("live version 4");
        }
        assertThat(warnings()).filteredOn(w -> w.contains("refused")).hasSize(2);
    }

    /**
     * A change of {@code user} and a read of it with minVersion, in the order that needs the commit signal: v3's
     * write of the row is held back by a row lock until the reader has read the old row and waits.
     */
    private HttpResponse<String> readAfterWrite(String user) throws Exception {
        try (Connection locker = DB.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("SELECT 1 FROM userpreferences_v3 WHERE user_id = '" + user + "' FOR UPDATE");
            }
            EVENTS.changes(List.of(user));
            long version = EVENTS.expected().get(user).version();
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE '%userpreferences_v3%'""", Long.class) > 0);
            CompletableFuture<HttpResponse<String>> read = CompletableFuture.supplyAsync(
                    () -> http.get("/api/users/" + user + "/preferences?minVersion=" + version));
            await().atMost(Duration.ofSeconds(30)).until(RollingDeployIT::aReaderWaitsForACommit);
            locker.commit();
            return read.get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean aReaderWaitsForACommit() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack).anyMatch(
                frame -> frame.getClassName().equals(CommitSignals.class.getName())
                         && frame.getMethodName().equals("await")));
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                   .toList();
    }
}
