package dev.prefs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the quick benchmark end to end against the jars the other modules have just packaged, so the harness cannot
 * rot: every workload must run and report. It asserts no timing (the machine is shared; targets live in the page).
 */
class QuickBenchIT {

    @TempDir
    Path out;

    @Test
    void theQuickRunMeasuresEveryWorkloadAndWritesThePage() throws Exception {
        Path repository = Path.of(System.getProperty("prefs.repository", ".."));
        Path page = out.resolve("benchmarks.md");

        new Bench(Bench.Plan.QUICK, repository, page).run();

        String written = Files.readString(page);
        assertThat(written)
                .contains("quick run")
                .contains("standalone start-up to health UP")
                .contains("rebuild of userpreferences from 100k events")
                .contains("PATCH one user over HTTP, 8 clients")
                .contains("GET one user over HTTP, 8 clients")
                .contains("read-your-writes lag, standalone")
                .contains("read-your-writes lag, split deployment")
                .contains("tenant default change over 20000 inheriting users")
                .contains("GET explain of one user over HTTP, 8 clients")
                .contains("| 200,000 | 20,000 |")
                .contains(Report.KEPT_MARKER)
                .doesNotContain("failed requests");
        String chart = Files.readString(out.resolve("benchmarks-rebuild-scaling.svg"));
        assertThat(chart).startsWith("<svg").contains("200k").contains("<circle");
    }
}
