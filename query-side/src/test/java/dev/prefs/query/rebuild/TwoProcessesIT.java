package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import dev.prefs.query.projection.LiveProjections;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two query-side processes (application contexts) on one database: a rebuild started on one runs there only (the
 * other is refused with 409 meanwhile), both keep answering reads, and both move their reads at the switch.
 */
class TwoProcessesIT {

    static final TestDatabase DB = TestDatabase.migrated("query_two_processes");

    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @AfterEach
    void close() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void oneProcessRebuildsBothServeReadsAndBothSeeTheSwitch() {
        StoredEvents events = new StoredEvents(DB.dataSource(), 11);
        events.users("user-", 2_000, 5);
        first = start();
        second = start();
        HttpJson a = new HttpJson(port(first));
        HttpJson b = new HttpJson(port(second));
        await().atMost(Duration.ofSeconds(60)).until(
                () -> a.get("/api/users/user-1999/preferences").statusCode() == 200);

        JsonNode job = HttpJson.json(a.post("/admin/projections/userpreferences/rebuild", ""));
        String jobId = job.path("jobId").asString();
        assertThat(b.post("/admin/projections/userpreferences/rebuild", "").statusCode()).isEqualTo(409);
        assertThat(first.getBean(RebuildJobs.class).runsHere(java.util.UUID.fromString(jobId))
                   || "switched".equals(RebuildIT.jobState(a, jobId))).isTrue();
        assertThat(second.getBean(RebuildJobs.class).runsHere(java.util.UUID.fromString(jobId))).isFalse();
        assertThat(b.get("/api/users/user-7/preferences").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> "switched".equals(RebuildIT.jobState(b, jobId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(first, second).stream().allMatch(
                context -> context.getBean(LiveProjections.class).live("userpreferences").table()
                        .equals("userpreferences_v3_g2")));
        for (HttpJson http : List.of(a, b)) {
            assertThat(RebuildIT.projection(http, "userpreferences").path("activeGeneration").asInt()).isEqualTo(2);
            assertThat(http.get("/api/users/user-7/preferences").statusCode()).isEqualTo(200);
        }
        // A change after the switch reaches the new build and is read in both processes.
        events.changes(List.of("user-7"));
        String etag = "\"" + events.expected().get("user-7").version() + ".";
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(a, b).stream().allMatch(
                http -> http.get("/api/users/user-7/preferences").headers().firstValue("ETag").orElse("")
                        .startsWith(etag)));
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(QuerySideApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + DB.url(),
                "--spring.datasource.username=" + DB.username(), "--spring.datasource.password=" + DB.password());
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
