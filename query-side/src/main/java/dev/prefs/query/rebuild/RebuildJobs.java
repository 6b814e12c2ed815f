package dev.prefs.query.rebuild;

import static dev.prefs.query.projection.BuildStatus.BUILDING;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.JobState;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RegisteredBuild;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts rebuild jobs and decides which process runs each one. The process running a job holds a PostgreSQL
 * session advisory lock for its build on a connection of its own; a job whose lock is free (its process died) is
 * taken over by the next process that looks ({@link #takeOver()}, at start-up and periodically) and resumes from
 * its checkpoint. One 'building' build per projection (a partial unique index) makes a second rebuild a 409,
 * whichever process asks.
 */
final class RebuildJobs {

    private static final Logger log = LoggerFactory.getLogger(RebuildJobs.class);
    /** The first key of every job lock, so they never collide with other advisory locks. */
    private static final int LOCK_CLASS = 0x5052_4546 & 0x7fff_ffff;

    private final DataSource dataSource;
    private final BuildTransitions transitions;
    private final TransactionTemplate transactions;
    private final ProjectionRegistry registry;
    private final GenerationTables tables;
    private final ProjectionRuntime runtime;
    private final RebuildJob.Steps steps;
    private final Map<String, RebuildJob> running = new ConcurrentHashMap<>();
    /** Per projection, the last job this process took over from a process that was gone (finished or not). */
    private final Map<String, UUID> tookOver = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    RebuildJobs(DataSource dataSource, BuildTransitions transitions, TransactionTemplate transactions,
                ProjectionRegistry registry, GenerationTables tables, ProjectionRuntime runtime,
                RebuildJob.Steps steps) {
        this.dataSource = dataSource;
        this.transitions = transitions;
        this.transactions = transactions;
        this.registry = registry;
        this.tables = tables;
        this.runtime = runtime;
        this.steps = steps;
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-job-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a rebuild of version {@code version} of {@code name} (null: the live version) into a new generation
     * (fresh tables cloned from a table of that version that still exists) and runs it in this process. Any declared
     * version can be rebuilt, also one this database never built: its last tables are never dropped.
     */
    RegisteredBuild start(String name, Integer version, boolean force) {
        if (runtime.declared().stream().noneMatch(v -> v.name().equals(name))) {
            throw RebuildProblem.unknownProjection(name);
        }
        UUID jobId = UUID.randomUUID();
        String group;
        try {
            group = transactions.execute(status -> create(name, version, force, jobId));
        } catch (DuplicateKeyException e) {
            throw RebuildProblem.alreadyRunning(name, runningJob(name).orElse(null));
        }
        log.info("Rebuild job {} of {} started as {}", jobId, name, group);
        claim(registry.build(group).orElseThrow());
        return registry.build(group).orElseThrow();
    }

    private String create(String name, Integer requested, boolean force, UUID jobId) {
        transitions.lockSwitches();
        Optional<UUID> running = runningJob(name);
        if (running.isPresent()) {
            throw RebuildProblem.alreadyRunning(name, running.get());
        }
        ProjectionVersion<?> version;
        if (requested != null) {
            version = runtime.declared(name, requested)
                    .orElseThrow(() -> RebuildProblem.unknownVersion(name, requested));
        } else {
            RegisteredBuild live = registry.live(name).orElseThrow(() -> RebuildProblem.noLiveVersion(name));
            version = runtime.declared(name, live.version()).orElseThrow(() -> RebuildProblem.noLiveVersion(name));
        }
        // Generation 1 is the version's Flyway tables, registered or not: a version older than the one a database
        // started with never had a build, and its rebuild still goes beside those tables, as generation 2.
        int generation = registry.builds(name).stream().filter(b -> b.version() == version.version())
                .mapToInt(RegisteredBuild::generation).max().orElse(1) + 1;
        Build<?> build = new Build<>(version, generation);
        tables.create(build);
        transitions.start(build, jobId, force);
        return build.processingGroup();
    }

    private Optional<UUID> runningJob(String name) {
        return registry.builds(name).stream()
                .filter(b -> b.status() == BUILDING)
                .map(RegisteredBuild::jobId).filter(id -> id != null).findFirst();
    }

    /**
     * Cancels job {@code jobId}: its build is retired at once (reads never went to it) and the process running it
     * stops at its next checkpoint. False if the job is no longer running.
     */
    boolean cancel(UUID jobId) {
        RegisteredBuild build = registry.job(jobId).orElseThrow(() -> RebuildProblem.unknownJob(jobId));
        if (!Boolean.TRUE.equals(transactions.execute(status -> transitions.cancel(jobId)))) {
            return false;
        }
        log.info("Rebuild job {} of {} cancelled", jobId, build.name());
        runtime.reconcileSoon();
        return true;
    }

    /** Takes over every job whose process is gone (its lock is free); the job resumes from its checkpoint. */
    void takeOver() {
        for (RegisteredBuild build : registry.builds()) {
            if (build.status() == BUILDING && build.jobId() != null
                && (build.jobState() == JobState.RUNNING || build.jobState() == JobState.CAUGHT_UP)
                && !running.containsKey(build.processingGroup()) && runtime.build(build).isPresent()) {
                if (claim(build)) {
                    tookOver.put(build.name(), build.jobId());
                }
            }
        }
    }

    /**
     * The job of projection {@code name} that this process took over (at start-up or since) from a process that was
     * gone, whether it still runs or has ended; the rebuild command follows it rather than starting another.
     */
    Optional<UUID> tookOver(String name) {
        return Optional.ofNullable(tookOver.get(name));
    }

    /** Whether this process runs job {@code jobId}. */
    boolean runsHere(UUID jobId) {
        return running.values().stream().anyMatch(job -> job.jobId().equals(jobId));
    }

    /** Stops this process's jobs (at shutdown); they stay 'building' for another process to take over. */
    void stop() {
        running.values().forEach(RebuildJob::stop);
        executor.shutdownNow();
    }

    /** Whether this call claimed the job and started it here. */
    private synchronized boolean claim(RegisteredBuild build) {
        if (running.containsKey(build.processingGroup())) {
            return false;
        }
        Connection lock = null;
        try {
            lock = dataSource.getConnection();
            lock.setAutoCommit(true);
            if (!tryLock(lock, build.processingGroup())) {
                lock.close();
                return false;
            }
            RebuildJob job = new RebuildJob(build.jobId(), build.processingGroup(), steps);
            running.put(build.processingGroup(), job);
            Connection held = lock;
            lock = null;
            executor.execute(() -> {
                try {
                    job.run();
                } finally {
                    running.remove(build.processingGroup());
                    release(held, build.processingGroup());
                }
            });
            return true;
        } catch (SQLException e) {
            log.warn("Could not try to take over the rebuild of {}: {}", build.processingGroup(), e.getMessage());
            closeQuietly(lock);
            return false;
        }
    }

    private static boolean tryLock(Connection connection, String group) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            statement.setInt(1, LOCK_CLASS);
            statement.setString(2, group);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private static void release(Connection connection, String group) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_unlock(?, hashtext(?))")) {
            statement.setInt(1, LOCK_CLASS);
            statement.setString(2, group);
            statement.execute();
        } catch (SQLException e) {
            log.warn("Could not release the lock of the rebuild of {}: {}", group, e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lock goes with the session anyway
            }
        }
    }
}
