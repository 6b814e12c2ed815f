package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rebuild command run as a separate JVM, killed with SIGKILL in the middle of its bulk phase, then run again:
 * the second run takes the job over from its checkpoint and switches it in, and the table it finishes equals the
 * one a third, clean rebuild produces.
 */
class ResumeAfterKillIT {

    static final TestDatabase DB = TestDatabase.migrated("query_resume");

    @Test
    void aKilledRebuildResumesFromItsCheckpointAndFinishesTheSameTableAsACleanOne() throws Exception {
        StoredEvents events = new StoredEvents(DB.dataSource(), 13);
        events.users("user-", 3_000, 10);
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());

        // One user per transaction, so the job is surely killed half-way rather than after its last chunk.
        Process killed = rebuild("killed", "--prefs.query.rebuild.chunk-users=1");
        await().atMost(Duration.ofSeconds(90)).until(() -> !killed.isAlive() || processed(jdbc, 2) > 3_000);
        assertThat(killed.isAlive()).as("the first run ended before it could be killed").isTrue();
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Map<String, Object> interrupted = jdbc.queryForMap("SELECT status, job_state, processed, total, "
                + "bulk_checkpoint, bulk_finished_at FROM projection_registry WHERE processing_group = 'userpreferences_v3_g2'");
        assertThat(interrupted.get("status")).isEqualTo("building");
        assertThat(interrupted.get("bulk_checkpoint")).isNotNull();
        assertThat(interrupted.get("bulk_finished_at")).isNull();
        assertThat((Long) interrupted.get("processed")).isLessThan((Long) interrupted.get("total"));

        Process resumed = rebuild("resumed");
        assertThat(resumed.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue()).as(output("resumed")).isZero();
        assertThat(output("resumed")).contains("resuming job").contains("switched");

        Process clean = rebuild("clean");
        assertThat(clean.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(clean.exitValue()).as(output("clean")).isZero();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences_v3_g2", Long.class)).isEqualTo(3_000);
        assertThat(jdbc.queryForList("""
                (SELECT * FROM userpreferences_v3_g2 EXCEPT SELECT * FROM userpreferences_v3_g3)
                UNION ALL
                (SELECT * FROM userpreferences_v3_g3 EXCEPT SELECT * FROM userpreferences_v3_g2)""")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT processed FROM projection_registry "
                + "WHERE processing_group = 'userpreferences_v3_g2'", Long.class)).isEqualTo(30_000);
    }

    private static long processed(JdbcTemplate jdbc, int generation) {
        return jdbc.queryForList("SELECT processed FROM projection_registry WHERE name = 'userpreferences' "
                + "AND generation = ?", Long.class, generation).stream().findFirst().orElse(0L);
    }

    private static Process rebuild(String run, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daxoniq.update-checker.disabled=true",
                "-cp", System.getProperty("java.class.path"),
                QuerySideApplication.class.getName(), "rebuild", "userpreferences",
                "--spring.datasource.url=" + DB.url(), "--spring.datasource.username=" + DB.username(),
                "--spring.datasource.password=" + DB.password()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(run)).start();
    }

    private static File log(String run) {
        return Path.of("target", "resume-after-kill-" + run + ".log").toFile();
    }

    private static String output(String run) throws IOException {
        return Files.readString(log(run).toPath());
    }
}
