package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.query.projection.BuildStatus;
import dev.prefs.query.projection.JobState;
import dev.prefs.query.projection.RegisteredBuild;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

class RebuildCommandTest {

    @Test
    void theProgressLineShowsProcessedOfTotalTheRateAndTheEta() {
        RegisteredBuild bulk = build(45_000, 100_000, null);
        BuildFigures figures = new BuildFigures(null, 100_000, 55_000, 0.45, 52_300, Duration.ofMillis(1_052), 0);

        assertThat(RebuildCommand.line(bulk, figures))
                .startsWith("[##############----------------] 45,000/100,000 events  52,300 events/s  ETA 1s");
    }

    @Test
    void afterTheBulkPhaseTheLineShowsTheLag() {
        RegisteredBuild following = build(100_000, 100_000, Instant.now());
        BuildFigures figures = new BuildFigures(100_090L, 100_100, 10, 1, 60_000, Duration.ZERO, 0);

        assertThat(RebuildCommand.line(following, figures))
                .startsWith("[##############################] 100,000/100,000 events, following: lag 10");
    }

    @Test
    void onlyTheRebuildCommandStartsWithoutAWebServer() {
        SpringApplication command = new SpringApplication(Object.class);
        new RebuildCommandRunListener(command, new String[]{"--spring.datasource.url=x", "rebuild", "userpreferences"});
        SpringApplication service = new SpringApplication(Object.class);
        new RebuildCommandRunListener(service, new String[]{"--server.port=0"});

        assertThat(command.getWebApplicationType()).isEqualTo(WebApplicationType.NONE);
        assertThat(service.getWebApplicationType()).isNotEqualTo(WebApplicationType.NONE);
    }

    private static RegisteredBuild build(long processed, long total, Instant bulkFinishedAt) {
        return new RegisteredBuild("userpreferences", 1, 2, "userpreferences_v2_g2", "userpreferences_v2_g2",
                BuildStatus.BUILDING, UUID.randomUUID(), JobState.RUNNING, false, processed, total, 0, 100_000L, null, null,
                Instant.now(), Instant.now(), bulkFinishedAt, null, null, null, null, null);
    }
}
