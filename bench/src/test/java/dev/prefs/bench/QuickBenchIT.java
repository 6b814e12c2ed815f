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
                .contains("## The instrument")
                .contains(Wrk.find() != null ? "Load generator: **wrk" : "wrk did not run: " + Wrk.INSTALL)
                .contains("calibration: the floor's fixed answer, 8 connections")
                .contains("PATCH one user over HTTP, 8 connections, distinct users | ")
                .contains("GET one user over HTTP, 8 connections | ")
                .contains("HTTP floor: token check, point select in the live table, JSON")
                .contains("HTTP floor: token check, read the user's events, append one, commit")
                .contains("GET one user over HTTP, 8 connections: against the database alone")
                .contains("PATCH one user over HTTP, 8 connections, distinct users: against the database alone")
                .contains("GET one user over HTTP, 8 connections, fixed rate")
                .contains("PATCH one user over HTTP, 8 connections, distinct users, fixed rate")
                .contains("live processing of a backlog of 80k COPY-loaded events")
                .contains("rebuild scaling 100k → 200k events at -Xmx1g")
                .containsPattern("CPU of wrk over its \\d+ runs|CPU of the harness's Java generator over")
                .contains("read-your-writes lag, standalone")
                .contains("read-your-writes lag, split deployment")
                .contains("tenant default change over 20000 inheriting users")
                .contains("GET explain of one user over HTTP, 8 connections")
                .contains("| 200,000 | 20,000 |")
                .contains("change feed lag, standalone, 1 consumer (")
                .contains("change feed lag, standalone, 20 consumers (")
                .contains("change feed lag, split, 1 consumer (")
                .contains("change feed lag, split, 20 consumers (")
                .contains("PATCH one user over HTTP, 8 connections, distinct users, with 20 change-feed consumers"
                          + " connected, standalone | ")
                .contains("PATCH one user over HTTP, 8 connections, distinct users, with 20 change-feed consumers"
                          + " connected, split | ")
                .doesNotContain("not every consumer received every write exactly once")
                .contains("## Storage per event and per user")
                .contains("at the 200k-event point of the quick plan, after catch-up")
                .containsPattern("\\| domain_event_entry \\| domain_event_entry \\| table \\| [\\d,]+ \\| [\\d,.]+ \\| ")
                .containsPattern("\\| token_entry \\| token_entry_pkey \\| index \\| ")
                .containsPattern("\\| \\*\\*all\\*\\* \\| \\| \\| \\*\\*[\\d,]+\\*\\* \\|")
                .contains("## Unit throughput per CPU-second")
                .containsPattern("\\| PATCH one user over HTTP, 8 connections, distinct users \\(the live processors'"
                                 + " handling of the new events included\\) \\| standalone \\| [\\d,]+ requests \\|")
                .containsPattern("\\| GET one user over HTTP, 8 connections \\| standalone \\| [\\d,]+ requests \\|")
                .contains("| live catch-up of 80k COPY-loaded events")
                .contains("| rebuild of userpreferences from 100k events, 1 round")
                .contains("| GET, split: two query sides together | both query sides |")
                .contains("| PATCH, split: two command sides together | both command sides |")
                .contains("scale-out PATCH one user, distinct users, through two command sides together (8"
                          + " connections each (16 in all)")
                .contains("scale-out GET one user over two query sides together (8 connections each")
                .contains("scale-out read-your-writes lag across processes")
                .contains("scale-out: the processors' segments between the two query processes")
                .contains("scale-out: kill -9 of the query process holding the most segments")
                .doesNotContain("not taken over within 60 s")
                .doesNotContain("the kill -9 takeover was not measured")
                .doesNotContain("read-your-writes sample during the kill -9 failed")
                .contains(Report.KEPT_MARKER)
                .doesNotContain("failed requests")
                .doesNotContain("NaN");
        // Every consumer got every write exactly once, standalone and split, with 1 and with 20 consumers.
        assertThat(written.split("200 writes at 50/s × 1 consumer: 200 arrived, 0 missed, 0 repeated\\)", -1))
                .hasSize(3);
        assertThat(written.split("200 writes at 50/s × 20 consumers: 4000 arrived, 0 missed, 0 repeated\\)", -1))
                .hasSize(3);
        String chart = Files.readString(out.resolve("benchmarks-rebuild-scaling.svg"));
        assertThat(chart).startsWith("<svg").contains("200k").contains("<circle");
    }
}
