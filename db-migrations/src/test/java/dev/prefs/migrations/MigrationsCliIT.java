package dev.prefs.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.migrations.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged CLI jar as a user would, in its own JVM. */
class MigrationsCliIT {

    private static final Path JAR = Paths.get("target", "prefs-migrations.jar");
    private static final Path MIGRATIONS = Paths.get("src", "main", "resources", "db", "migration");

    @Test
    void infoOnAFreshDatabaseListsEveryMigrationAsPending() throws Exception {
        TestDatabase database = TestDatabase.create("cli_pending");
        Result info = cli(database, "info");
        assertThat(info.exitCode).isZero();
        assertThat(info.out).contains("Current version: none (empty schema) (" + migrationFiles().size() + " pending)");
        assertThat(info.out).contains("Pending");
    }

    @Test
    void migrateThenInfoShowsEveryAppliedMigrationInOrder() throws Exception {
        TestDatabase database = TestDatabase.create("cli_migrate");
        Result migrate = cli(database, "migrate");
        assertThat(migrate.exitCode).as(migrate.err).isZero();
        assertThat(migrate.out).contains("Applied " + migrationFiles().size() + " migration(s)");

        Result info = cli(database, "info");
        assertThat(info.exitCode).isZero();
        List<String> versions = migrationFiles().stream().map(MigrationsCliIT::version).toList();
        assertThat(info.out).contains("Current version: " + versions.get(versions.size() - 1) + " (head)");
        List<String> listed = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^(\\d+)\\s+.*\\s(Success)$").matcher(info.out);
        while (row.find()) {
            listed.add(row.group(1));
        }
        assertThat(listed).containsExactlyElementsOf(versions);
    }

    @Test
    void validateFailsWhenAnAppliedMigrationFileWasTampered(@TempDir Path copy) throws Exception {
        TestDatabase database = TestDatabase.create("cli_tamper");
        assertThat(cli(database, "migrate").exitCode).isZero();
        for (Path file : migrationFiles()) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        String locations = "--locations=filesystem:" + copy.toAbsolutePath();
        assertThat(cli(database, "validate", locations).exitCode).isZero();

        Path first = copy.resolve(migrationFiles().get(0).getFileName());
        Files.writeString(first, Files.readString(first) + "\n-- an innocent-looking edit\nSELECT 1;\n");
        Result validate = cli(database, "validate", locations);
        assertThat(validate.exitCode).isEqualTo(1);
        assertThat(validate.err).contains("Validation failed").containsIgnoringCase("checksum");
    }

    @Test
    void withoutADatabaseItSaysWhatToSet() throws Exception {
        Result result = run(List.of("info"), null);
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("SPRING_DATASOURCE_URL");
    }

    private static List<Path> migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(version(a)), Integer.parseInt(version(b))))
                    .toList();
        }
    }

    private static String version(Path file) {
        String name = file.getFileName().toString();
        return name.substring(1, name.indexOf("__"));
    }

    private static Result cli(TestDatabase database, String... args) throws Exception {
        return run(List.of(args), database);
    }

    private static Result run(List<String> args, TestDatabase database) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SPRING_DATASOURCE_URL");
        if (database != null) {
            builder.environment().put("SPRING_DATASOURCE_URL", database.url());
            builder.environment().put("SPRING_DATASOURCE_USERNAME", database.username());
            builder.environment().put("SPRING_DATASOURCE_PASSWORD", database.password());
        }
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("CLI finished within 60 s").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String out, String err) {
    }
}
