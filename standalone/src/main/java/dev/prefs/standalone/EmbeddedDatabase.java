package dev.prefs.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the standalone process runs when no database is configured. Its data lives in
 * {@code <data folder>/postgres} and survives restarts; a lock file in the data folder keeps a second process
 * from starting on the same data.
 */
class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "prefs";
    /** The embedded server's superuser, which has no password. */
    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataFolder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres server;

    EmbeddedDatabase(Path dataFolder, int port) {
        this.dataFolder = dataFolder.toAbsolutePath().normalize();
        long started = System.nanoTime();
        try {
            Files.createDirectories(this.dataFolder);
            lockChannel = FileChannel.open(this.dataFolder.resolve("prefs.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the data folder " + this.dataFolder, e);
        }
        lock = tryLock();
        try {
            stopOrphanedServer();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(postgresFolder())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    // The embedded server's defaults trade durability for speed (fsync off, asynchronous commit):
                    // fine for tests, not for data a user keeps. A 2xx here means the change is on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            server = builder.start();
            createDatabaseIfMissing();
        } catch (IOException | SQLException e) {
            release();
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + postgresFolder(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release();
            throw new IllegalStateException("Interrupted while starting the embedded PostgreSQL", e);
        }
        log.info("Embedded PostgreSQL ready in {} ms on port {}; data lives in {}",
                (System.nanoTime() - started) / 1_000_000, server.getPort(), postgresFolder());
    }

    String jdbcUrl() {
        return server.getJdbcUrl(USER, DATABASE);
    }

    Path postgresFolder() {
        return dataFolder.resolve("postgres");
    }

    int port() {
        return server.getPort();
    }

    /** Stops PostgreSQL (a fast, clean shutdown: every committed transaction is on disk) and frees the folder. */
    @Override
    public void close() {
        try {
            server.close();
            log.info("Embedded PostgreSQL stopped; data kept in {}", postgresFolder());
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            release();
        }
    }

    private FileLock tryLock() {
        try {
            FileLock acquired = lockChannel.tryLock();
            if (acquired == null) {
                closeChannel();
                throw new DataFolderInUseException(dataFolder);
            }
            return acquired;
        } catch (OverlappingFileLockException e) {
            closeChannel();
            throw new DataFolderInUseException(dataFolder);
        } catch (IOException e) {
            closeChannel();
            throw new UncheckedIOException("Cannot lock the data folder " + dataFolder, e);
        }
    }

    /**
     * A Prefs process killed hard (kill -9, a crash) leaves its PostgreSQL running on the folder, and a new server
     * could never start there. We hold the folder's lock, so no live Prefs process owns that server: stop it (a fast
     * shutdown; every committed transaction is already on disk) before starting ours.
     */
    private void stopOrphanedServer() throws IOException, InterruptedException {
        Path pidFile = postgresFolder().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try (var lines = Files.lines(pidFile)) {
            pid = Long.parseLong(lines.findFirst().orElse("").trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains("postgres")
                                                                   && line.contains(postgresFolder().toString()))
                        .orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        log.warn("PostgreSQL (pid {}) is still running on {}, left by a Prefs process that did not stop cleanly; "
                 + "stopping it", pid, postgresFolder());
        // SIGINT asks PostgreSQL for a fast shutdown (pg_ctl would do the same, but refuses to run as root).
        Process fastShutdown = new ProcessBuilder("kill", "-INT", Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!fastShutdown.waitFor(10, TimeUnit.SECONDS) || fastShutdown.exitValue() != 0) {
            postmaster.get().destroy();
        }
        try {
            postmaster.get().onExit().get(60, TimeUnit.SECONDS);
            log.info("Stopped the orphaned PostgreSQL (pid {})", pid);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL (pid " + pid + ") left running on " + postgresFolder()
                                  + " did not stop within 60 s; stop it, then start Prefs again");
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private void release() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            log.debug("Releasing the data folder lock failed", e);
        }
        closeChannel();
    }

    private void closeChannel() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            log.debug("Closing the data folder lock failed", e);
        }
    }
}
