package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command starts the jar the build extracted, from the class-data archive of the build's training
 * run ({@link ClassDataTraining}). This runs that jar with that archive as a user would, from another folder, with
 * {@code -Xshare:on} so that an archive the JVM cannot use is an error instead of a warning.
 */
class ClassDataArchiveIT {

    private static final Path EXTRACTED = Path.of("target", "prefs-standalone").toAbsolutePath();

    @TempDir
    Path elsewhere;

    @Test
    void theExtractedJarLoadsItsClassesFromTheArchiveOfTheTrainingRun() throws Exception {
        Path archive = EXTRACTED.resolve("prefs.jsa");
        assertThat(archive).as("the training run's archive (the build was run without -Dprefs.class-data.skip)")
                .isRegularFile();
        Path out = elsewhere.resolve("out.log");
        Process java = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info",
                "-jar", EXTRACTED.resolve("prefs-standalone.jar").toString(), "--help"))
                .directory(elsewhere.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("--help ended").isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);

        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("Prefs: the user-preferences service")
                .contains(PrefsApplication.class.getName() + " source: shared objects file (top)")
                .contains(CommandLineHelp.class.getName() + " source: shared objects file (top)")
                .doesNotContain("[warning][cds");
    }
}
