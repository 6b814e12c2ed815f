package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.ProjectionVersion;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The life of a build after the happy path: a version still building cannot be activated (409); once switched in,
 * the version it replaced follows events on standby for the grace period (two seconds here) and is then retired:
 * its processor stops, its gauges go, its table stays, and activating it is refused. A rebuild whose fold parks
 * events is not switched in by itself, but is with {@code force=true}.
 * <p>
 * The new version is a test-only v4 in version 2's shape, newer than the real v3 (which is then left alone, being
 * older than the live version once v4 is in).
 * <p>
 * One life, told in order: each test is one step of it and checks one thing, on the state the steps before left.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.rebuild.standby-grace=2s", "prefs.query.rebuild.poll-interval=200ms"})
@Import(BuildLifecycleIT.Version2.class)
@TestDatabaseDataSource
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildLifecycleIT {

    static final TestDatabase DB = TestDatabase.migrated("query_lifecycle");
    static final StoredEvents EVENTS = new StoredEvents(DB.dataSource(), 11);
    static final String GATED_USER = "gated";
    /** v4's fold of {@link #GATED_USER} waits for this, so v4 stays building until the test opens it. */
    static final CountDownLatch GATE = new CountDownLatch(1);
    /** While set, v4's fold fails on every event of {@link #GATED_USER}. */
    static final AtomicBoolean POISON = new AtomicBoolean(false);

    static {
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        // An earlier deployment made v2 live; v4's table is as its migration would create it.
        jdbc.update("""
                INSERT INTO projection_registry (name, version, table_name, processing_group, status, started_at,
                                                 switched_in_at)
                VALUES ('userpreferences', 2, 'userpreferences_v2', 'userpreferences_v2', 'live', now(), now())""");
        jdbc.execute("CREATE TABLE userpreferences_v4 (LIKE userpreferences_v2 INCLUDING ALL)");
        EVENTS.users("user-", 200, 3);
        EVENTS.append(List.of(EVENTS.create(GATED_USER)));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Version2 {

        @Bean
        ProjectionVersion<UserPreferencesView> userPreferencesV4(JdbcTemplate jdbc) {
            UserPreferencesProjection v2 = new UserPreferencesProjection();
            return new UserPreferencesV2(jdbc, 4, "userpreferences_v4",
                    (row, event) -> {
                        if (GATED_USER.equals(event.userId())) {
                            awaitGate();
                            if (POISON.get()) {
                                throw new IllegalStateException("v4 cannot fold " + event.userId() + " (test poison)");
                            }
                        }
                        return v2.apply(row, event);
                    }, 2);
        }

        private static void awaitGate() {
            try {
                if (!GATE.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionRuntime runtime;
    @Autowired
    MeterRegistry meters;

    private HttpJson http;
    /** The rebuild that the poison holds back from the switch. */
    private String held;

    @BeforeAll
    void client() {
        http = new HttpJson(port);
    }

    @Test
    @Order(1)
    void aVersionStillBuildingCannotBeActivated() {
        awaitV3Building();
        HttpResponse<String> early = http.post("/admin/projections/userpreferences/activate", "{\"version\": 4}");
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        assertThat(early.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(HttpJson.json(early).path("type").asString())
                .isEqualTo(ProblemType.BUILD_NOT_CAUGHT_UP.uri().toString());
    }

    @Test
    @Order(2)
    void readsStayOnTheLiveVersionWhileTheNewOneBuilds() {
        awaitV3Building();
        assertThat(projection(http).path("activeVersion").asInt()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void onceCaughtUpTheNewVersionIsSwitchedInAndTheReplacedOneFollowsOnStandby() {
        GATE.countDown();
        await("v4 to be switched in once the gate is open").atMost(Duration.ofSeconds(60))
                .until(() -> projection(http).path("activeVersion").asInt() == 4);
        assertThat(build(http, 2, 1).path("status").asString()).isIn("standby", "retired");
    }

    @Test
    @Order(4)
    void afterItsGracePeriodTheReplacedVersionIsRetired() {
        awaitV2Retired();
        assertThat(jdbc.queryForObject("SELECT retired_at IS NOT NULL FROM projection_registry "
                                       + "WHERE processing_group = 'userpreferences_v2'", Boolean.class)).isTrue();
    }

    @Test
    @Order(5)
    void aRetiredVersionHasNoProcessorAndNoGauges() {
        awaitV2Retired();
        await("the userpreferences_v2 processor to stop").atMost(Duration.ofSeconds(30))
                .until(() -> runtime.processors().stream().map(EventProcessor::getName)
                        .noneMatch("userpreferences_v2"::equals));
        await("v2's lag gauges to go").atMost(Duration.ofSeconds(30)).until(() -> meters.find("prefs.projection.lag")
                .tags("projection", "userpreferences", "version", "2").gauges().isEmpty());
        assertThat(meters.find("prefs.projection.lag").tags("projection", "userpreferences", "version", "4")
                .gauge()).isNotNull();
    }

    @Test
    @Order(6)
    void aRetiredVersionKeepsItsTable() {
        awaitV2Retired();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences_v2", Long.class)).isEqualTo(201L);
    }

    @Test
    @Order(7)
    void aRetiredVersionCannotBeActivated() {
        awaitV2Retired();
        HttpResponse<String> retired = http.post("/admin/projections/userpreferences/activate", "{\"version\": 2}");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(409);
        assertThat(projection(http).path("activeVersion").asInt()).isEqualTo(4);
    }

    @Test
    @Order(8)
    void aRebuildWhoseFoldParksAnEventIsHeldBackFromTheSwitch() {
        POISON.set(true);
        held = HttpJson.json(http.post("/admin/projections/userpreferences/rebuild", "")).path("jobId").asString();
        await("the poisoned rebuild " + held + " to catch up").atMost(Duration.ofSeconds(60))
                .until(() -> "caught-up".equals(job(http, held).path("state").asString()));
        assertThat(job(http, held).path("deadLetters").asLong()).isEqualTo(1);
        assertThat(job(http, held).path("error").asString()).contains("cut-over refused");
        assertThat(projection(http).path("activeGeneration").asInt()).isEqualTo(1);
    }

    @Test
    @Order(9)
    void aForcedRebuildIsAConflictWhileTheHeldOneRuns() {
        assertThat(held).as("the held rebuild of the test before").isNotNull();
        HttpResponse<String> busy = http.post("/admin/projections/userpreferences/rebuild?force=true", "");
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
    }

    @Test
    @Order(10)
    void theHeldRebuildCanBeCancelled() {
        assertThat(held).as("the held rebuild of the test before").isNotNull();
        assertThat(http.post("/admin/rebuilds/" + held + "/cancel", "").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(11)
    void aForcedRebuildIsSwitchedInDespiteItsDeadLetterWhichStaysListed() {
        String forced = HttpJson.json(http.post("/admin/projections/userpreferences/rebuild?force=true", ""))
                .path("jobId").asString();
        await("the forced rebuild " + forced + " to be switched in").atMost(Duration.ofSeconds(60))
                .until(() -> "switched".equals(job(http, forced).path("state").asString()));
        JsonNode switched = job(http, forced);
        assertThat(switched.path("deadLetters").asLong()).isEqualTo(1);
        assertThat(projection(http).path("activeGeneration").asInt()).isEqualTo(switched.path("generation").asInt());
    }

    @Test
    @Order(12)
    void afterTheForcedSwitchTheParkedUserIsNotFoundAndEveryOtherIsServed() {
        assertThat(http.get("/api/users/" + GATED_USER + "/preferences").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/users/user-7/preferences").statusCode()).isEqualTo(200);
    }

    /** v4 is building, held at the gate. */
    private void awaitV3Building() {
        await("v4 to be building").atMost(Duration.ofSeconds(60))
                .until(() -> "building".equals(build(http, 4, 1).path("status").asString()));
    }

    /** After the grace period (two seconds here) of its standby. */
    private void awaitV2Retired() {
        await("v2 to be retired").atMost(Duration.ofSeconds(30))
                .until(() -> "retired".equals(build(http, 2, 1).path("status").asString()));
    }

    private static JsonNode job(HttpJson http, String jobId) {
        return HttpJson.json(http.get("/admin/rebuilds/" + jobId));
    }

    private static JsonNode projection(HttpJson http) {
        for (JsonNode projection : HttpJson.json(http.get("/admin/projections"))) {
            if ("userpreferences".equals(projection.path("name").asString())) {
                return projection;
            }
        }
        throw new AssertionError("No userpreferences projection");
    }

    private static JsonNode build(HttpJson http, int version, int generation) {
        for (JsonNode build : projection(http).path("versions")) {
            if (build.path("version").asInt() == version && build.path("generation").asInt() == generation) {
                return build;
            }
        }
        return MissingNode.getInstance();
    }
}
