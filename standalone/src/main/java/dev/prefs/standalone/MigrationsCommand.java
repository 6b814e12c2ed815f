package dev.prefs.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.prefs.migrations.MigrationsCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar prefs-standalone.jar migrations migrate|info|validate|repair|baseline}: the migrations CLI
 * ({@link MigrationsCli}) on the embedded PostgreSQL of the data folder ({@code PREFS_DATA_DIR}, default
 * {@code ./data}). The server is started for the one command under the folder's lock, as the service starts it, and
 * stopped afterwards; so the command is refused while the service runs on that folder. With
 * {@code SPRING_DATASOURCE_URL} (or {@code --url=}) it runs against that server instead, exactly as the plain CLI does.
 * Exit codes are the CLI's, and {@value #FOLDER_IN_USE} when the data folder is in use.
 */
final class MigrationsCommand {

    static final String NAME = "migrations";
    static final int FOLDER_IN_USE = 3;
    static final String USAGE = "Usage: java -jar prefs-standalone.jar migrations <command> "
                                + "[--locations=classpath:db/migration] [--baseline-version=1]";

    private MigrationsCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String[] cliArgs = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.stream(cliArgs).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))) {
            usage(out);
            return 0;
        }
        List<String> words = Arrays.stream(cliArgs).filter(arg -> !arg.startsWith("--")).toList();
        if (words.size() != 1 || !MigrationsCli.COMMANDS.contains(words.get(0))) {
            usage(err);
            return 2;
        }
        quietLogging();
        String url = env.get("SPRING_DATASOURCE_URL");
        if (url != null && !url.isBlank() || Arrays.stream(cliArgs).anyMatch(arg -> arg.startsWith("--url="))) {
            return MigrationsCli.run(cliArgs, env, out, err);
        }
        Path dataFolder = Path.of(env.getOrDefault("PREFS_DATA_DIR", "./data"));
        EmbeddedDatabase database;
        try {
            database = new EmbeddedDatabase(dataFolder, 0);
        } catch (DataFolderInUseException e) {
            err.println("The data folder " + e.folder() + " is in use by a running Prefs process. Stop it first (the "
                        + "service applies pending migrations itself when it starts), or give PREFS_DATA_DIR another "
                        + "folder, or point SPRING_DATASOURCE_URL at a PostgreSQL server.");
            return FOLDER_IN_USE;
        } catch (RuntimeException e) {
            err.println(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            return 2;
        }
        // Ctrl-C during a long migration: stop PostgreSQL cleanly rather than leave it running on the folder.
        Thread stopOnExit = new Thread(database::close, "prefs-migrations-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            Map<String, String> embedded = new HashMap<>(env);
            embedded.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
            embedded.put("SPRING_DATASOURCE_USERNAME", EmbeddedDatabase.USER);
            embedded.remove("SPRING_DATASOURCE_PASSWORD");
            return MigrationsCli.run(cliArgs, embedded, out, err);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
                database.close();
            } catch (IllegalStateException shuttingDown) {
                // The hook is stopping PostgreSQL already.
            }
        }
    }

    static void usage(PrintStream stream) {
        stream.println(USAGE);
        stream.print(MigrationsCli.COMMAND_HELP);
        stream.println("The database is the embedded PostgreSQL of PREFS_DATA_DIR (./data), which must not be in use by"
                       + " a running service; with SPRING_DATASOURCE_URL (SPRING_DATASOURCE_USERNAME, "
                       + "SPRING_DATASOURCE_PASSWORD) it is that server.");
    }

    /**
     * Outside Spring Boot nothing configures Logback, whose default prints every DEBUG line on stdout. Stdout is for
     * the CLI's answer; Flyway's progress, the embedded server's start and stop, and any warning go to stderr.
     */
    private static void quietLogging() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("org.flywaydb").setLevel(Level.INFO);
        context.getLogger(EmbeddedDatabase.class).setLevel(Level.INFO);
    }
}
