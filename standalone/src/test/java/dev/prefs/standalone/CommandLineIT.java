package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone jar's command line, each run in its own JVM as a user runs it. */
class CommandLineIT {

    private static final Path MIGRATIONS = Path.of("..", "db-migrations", "src", "main", "resources", "db",
            "migration");

    @TempDir
    Path dataFolder;

    @Test
    void helpListsTheSubcommandsAndSettingsAndStartsNothing() throws Exception {
        Result help = run(60, "--help");

        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("token <userId>", "rebuild <projection>", "migrations migrate|info",
                "SERVER_PORT", "PREFS_DATA_DIR", "SPRING_DATASOURCE_URL", "PREFS_JWT_SECRET", "PREFS_MIGRATE_ON_START");
        assertThat(help.out + help.err).doesNotContain("Starting PrefsApplication");
        assertThat(dataFolder).isEmptyDirectory();
    }

    @Test
    void tokenForAnInvalidUserIdSaysTheRule() throws Exception {
        Result token = run(60, "token", "alice smith");

        assertThat(token.exitCode).isEqualTo(2);
        assertThat(token.out).isEmpty();
        assertThat(token.err).contains("1 to 128 characters of A-Z a-z 0-9 . _ : @ -");
    }

    @Test
    void migrationsRunOnTheEmbeddedDatabaseOfAFreshDataFolder() throws Exception {
        long files = migrationFiles();

        Result info = run(180, "migrations", "info");
        assertThat(info.exitCode).as(info.err).isZero();
        assertThat(info.out).startsWith("Current version: none (empty schema) (" + files + " pending)");
        assertThat(dataFolder.resolve("postgres").resolve("PG_VERSION")).exists();

        // The first run released the folder and stopped its server: a second one starts on the same data.
        Result migrate = run(180, "migrations", "migrate");
        assertThat(migrate.exitCode).as(migrate.err).isZero();
        assertThat(migrate.out).contains("Applied " + files + " migration(s)");
        assertThat(dataFolder.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void migrationsAreRefusedWhileAProcessHoldsTheDataFolder() throws Exception {
        Files.createDirectories(dataFolder);
        try (FileChannel channel = FileChannel.open(dataFolder.resolve("prefs.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            Result info = run(120, "migrations", "info");

            assertThat(info.exitCode).isEqualTo(MigrationsCommand.FOLDER_IN_USE);
            assertThat(info.out).isEmpty();
            assertThat(info.err).contains(dataFolder.toAbsolutePath().normalize().toString())
                    .contains("in use by a running Prefs process");
            assertThat(dataFolder.resolve("postgres")).doesNotExist();
        }
    }

    private static long migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private Result run(int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrefsApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SPRING_DATASOURCE_URL");
        builder.environment().remove("PREFS_JWT_SECRET");
        builder.environment().put("PREFS_DATA_DIR", dataFolder.toString());
        Path out = Files.createTempFile("prefs-cli", ".out");
        Path err = Files.createTempFile("prefs-cli", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java " + String.join(" ", args) + " did not end within " + timeoutSeconds
                                     + " s; stderr: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String out, String err) {
    }
}
