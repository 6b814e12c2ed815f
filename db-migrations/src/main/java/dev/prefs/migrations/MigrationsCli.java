package dev.prefs.migrations;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * {@code java -jar db-migrations/target/prefs-migrations.jar migrate|info|validate|repair|baseline}: runs Flyway
 * against {@code SPRING_DATASOURCE_URL} (with {@code SPRING_DATASOURCE_USERNAME} and
 * {@code SPRING_DATASOURCE_PASSWORD}), the same variables the applications read. Exit code 0 on success, 1 when
 * Flyway refuses (failed validation, failed migration), 2 for a usage or connection problem. The standalone jar runs
 * it too ({@code migrations <command>}), on the embedded PostgreSQL of its data folder.
 */
public final class MigrationsCli {

    /** The commands, each a word of its own on the command line. */
    public static final List<String> COMMANDS = List.of("migrate", "info", "validate", "repair", "baseline");
    /** What each command does, one line each, for this CLI's usage and the standalone jar's. */
    public static final String COMMAND_HELP = """
            Commands:
              migrate   apply every pending migration
              info      the current version and the history of every migration
              validate  check that applied migrations match their files (exit 1 if not)
              repair    fix the history table after a failed migration
              baseline  start managing an existing schema at --baseline-version
            """;
    static final String DEFAULT_LOCATIONS = "classpath:db/migration";
    private static final String PROGRAM = "java -jar prefs-migrations.jar";
    private static final DateTimeFormatter INSTALLED_ON =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final PrintStream err;

    MigrationsCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command against the database {@code env} names; answers the exit code (see the class comment). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new MigrationsCli(out, err).run(args, env);
    }

    int run(String[] args, Map<String, String> env) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.equals("--help") || arg.equals("-h")) {
                usage(out);
                return 0;
            } else {
                commands.add(arg);
            }
        }
        if (commands.size() != 1) {
            usage(err);
            return 2;
        }
        String url = options.getOrDefault("url", env.get("SPRING_DATASOURCE_URL"));
        if (url == null || url.isBlank()) {
            err.println("No database given: set SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME, "
                        + "SPRING_DATASOURCE_PASSWORD) or pass --url=jdbc:postgresql://host:port/db");
            return 2;
        }
        Flyway flyway = Flyway.configure()
                .dataSource(url,
                        options.getOrDefault("user", env.get("SPRING_DATASOURCE_USERNAME")),
                        options.getOrDefault("password", env.get("SPRING_DATASOURCE_PASSWORD")))
                .locations(options.getOrDefault("locations", DEFAULT_LOCATIONS).split(","))
                .baselineVersion(options.getOrDefault("baseline-version", "1"))
                .load();
        try {
            return switch (commands.get(0)) {
                case "migrate" -> migrate(flyway);
                case "info" -> info(flyway);
                case "validate" -> validate(flyway);
                case "repair" -> {
                    flyway.repair();
                    out.println("Repaired the schema history table.");
                    yield info(flyway);
                }
                case "baseline" -> {
                    flyway.baseline();
                    out.println("Baselined the schema at version " + flyway.getConfiguration().getBaselineVersion());
                    yield 0;
                }
                default -> {
                    usage(err);
                    yield 2;
                }
            };
        } catch (FlywayException e) {
            err.println("Flyway refused: " + e.getMessage());
            return 1;
        }
    }

    private int migrate(Flyway flyway) {
        MigrateResult result = flyway.migrate();
        out.printf("Applied %d migration(s); schema version now %s%n", result.migrationsExecuted,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        return result.success ? 0 : 1;
    }

    private int info(Flyway flyway) {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        MigrationInfo[] pending = info.pending();
        out.printf("Current version: %s%s%n", current == null ? "none (empty schema)" : current.getVersion(),
                pending.length == 0 ? " (head)" : " (" + pending.length + " pending)");
        out.println();
        out.printf("%-8s %-40s %-6s %-21s %s%n", "Version", "Description", "Type", "Installed on", "State");
        for (MigrationInfo migration : info.all()) {
            out.printf("%-8s %-40s %-6s %-21s %s%n",
                    migration.getVersion() == null ? "" : migration.getVersion(),
                    migration.getDescription(),
                    migration.getType(),
                    migration.getInstalledOn() == null ? "" : INSTALLED_ON.format(migration.getInstalledOn().toInstant()),
                    migration.getState().getDisplayName());
        }
        return 0;
    }

    private int validate(Flyway flyway) {
        ValidateResult result = flyway.validateWithResult();
        if (result.validationSuccessful) {
            out.println("Valid: every applied migration matches its file.");
            return 0;
        }
        err.println("Validation failed:");
        result.invalidMigrations.forEach(invalid ->
                err.printf("  version %s (%s): %s%n", invalid.version, invalid.filepath, invalid.errorDetails.errorMessage));
        return 1;
    }

    private static void usage(PrintStream stream) {
        stream.println("Usage: " + PROGRAM + " <command> [--url=...] [--user=...] [--password=...]");
        stream.println(" ".repeat(PROGRAM.length() + 7)
                       + "[--locations=classpath:db/migration] [--baseline-version=1]");
        stream.print(COMMAND_HELP);
        stream.println("The database defaults to SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, "
                       + "SPRING_DATASOURCE_PASSWORD.");
    }
}
