package dev.prefs.query.projection;

import static dev.prefs.query.projection.BuildStatus.BUILDING;
import static dev.prefs.query.projection.BuildStatus.LIVE;
import static dev.prefs.query.projection.BuildStatus.RETIRED;
import static dev.prefs.query.projection.BuildStatus.STANDBY;

import java.sql.Array;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The build state machine, and the only writer of {@code projection_registry}: each method is one transition of a
 * build (docs/architecture.md draws them). A transition runs its statements in the caller's transaction, and one that
 * changes which builds serve reads or follow events announces it on {@value #CHANNEL} in that same transaction, so
 * every query-side process hears of it when, and only if, it commits. Callers that read the registry to choose a
 * transition of live or standby builds take {@link #lockSwitches()} first.
 * <p>
 * A version keeps at most one standby build, the one live before: a transition that puts a build on standby retires
 * any other standby build of its version at once, so repeated rebuilds never pile up builds that follow events.
 */
public final class BuildTransitions {

    /** Where every change of the registry is announced; its payload is the projection's name. */
    public static final String CHANNEL = "prefs_projections";

    private static final Logger log = LoggerFactory.getLogger(BuildTransitions.class);
    private static final int ERROR_LENGTH = 2000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ProjectionRegistry registry;

    BuildTransitions(JdbcTemplate jdbc, TransactionTemplate transactions, ProjectionRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.registry = registry;
    }

    /** Serialises, in all processes, every transition that changes which build is live, to the transaction's end. */
    public void lockSwitches() {
        jdbc.execute("SELECT pg_advisory_xact_lock(hashtext('projection_registry'))");
    }

    /**
     * Registers each declared version the registry has not seen, in a transaction of its own. A projection with no
     * live build at all (its first deployment) has nothing else to serve reads from, so its newest declared version
     * becomes {@code live} at once; a version newer than the live one becomes a {@code building} generation 1 with a
     * rebuild job, which builds it beside the live one and switches it in when it has caught up. While another
     * rebuild of the projection runs, the version waits (the next call registers it). A version older than the live
     * one is left alone: on a database that never had it there is nothing to go back to.
     */
    public void registerDeclared(List<ProjectionVersion<?>> versions) {
        transactions.executeWithoutResult(status -> {
            // Processes starting together must not both make a version live (the partial unique index would
            // fail one of them at start-up).
            lockSwitches();
            versions.stream()
                    .sorted(Comparator.comparing((ProjectionVersion<?> v) -> v.name())
                                      .thenComparing(ProjectionVersion::version, Comparator.reverseOrder()))
                    .forEach(this::register);
        });
    }

    private void register(ProjectionVersion<?> version) {
        List<RegisteredBuild> builds = registry.builds(version.name());
        if (builds.stream().anyMatch(b -> b.version() == version.version())) {
            return;
        }
        Optional<Integer> liveVersion = builds.stream().filter(b -> b.status() == LIVE)
                .map(RegisteredBuild::version).findFirst();
        if (liveVersion.isPresent() && version.version() < liveVersion.get()) {
            // Declared so that a database where it was built can go back to it (activate); never built anew behind
            // a newer live version, which would then switch reads back to it.
            log.debug("Projection {} version {} is older than the live version {}: not built", version.name(),
                    version.version(), liveVersion.get());
            return;
        }
        if (liveVersion.isEmpty()) {
            registerFirstLive(version);
        } else {
            registerNewVersion(version);
        }
    }

    /** Nothing → live: the first deployment of a projection. */
    private void registerFirstLive(ProjectionVersion<?> version) {
        jdbc.update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at, switched_in_at)
                VALUES (?, ?, 1, ?, ?, ?, now(), now())""",
                version.name(), version.version(), version.table(), version.processingGroup(), LIVE.text());
        if (version.view() != null) {
            // The migrations created the view over version 1's table; it follows whichever version is live.
            jdbc.execute(version.view().definitionOver(version.table()));
        }
        announce(version.name());
    }

    /** Nothing → building (job running): a version newer than the live one, built into its Flyway tables. */
    private void registerNewVersion(ProjectionVersion<?> version) {
        int inserted = jdbc.update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at, job_id, job_state)
                VALUES (?, ?, 1, ?, ?, ?, now(), ?, ?)
                ON CONFLICT DO NOTHING""",
                version.name(), version.version(), version.table(), version.processingGroup(), BUILDING.text(),
                UUID.randomUUID(), JobState.RUNNING.text());
        if (inserted > 0) {
            log.info("Projection {} version {} is new: building it beside the live version", version.name(),
                    version.version());
            announce(version.name());
        } else {
            log.debug("Projection {} version {} waits for the running rebuild of {} to end", version.name(),
                    version.version(), version.name());
        }
    }

    /**
     * Nothing → building (job running): a rebuild job's new generation, whose tables exist already. A second
     * building build of the projection fails on the partial unique index ({@code DuplicateKeyException}).
     */
    public void start(Build<?> build, UUID jobId, boolean force) {
        jdbc.update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at, job_id, job_state, force_cut_over)
                VALUES (?, ?, ?, ?, ?, ?, now(), ?, ?, ?)""",
                build.name(), build.version().version(), build.generation(), build.readTable(),
                build.processingGroup(), BUILDING.text(), jobId, JobState.RUNNING.text(), force);
    }

    /**
     * Building: records the cut of the event store the bulk phase reads (its head and the positions below it not
     * yet committed) and how many events it holds; the follower later starts from exactly there.
     */
    public void recordCut(Build<?> build, UUID jobId, long head, List<Long> gaps, long total) {
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            Array array = connection.createArrayOf("bigint", gaps.toArray());
            return jdbc.update("""
                    UPDATE projection_registry SET snapshot_head = ?, snapshot_gaps = ?, total = ?,
                           processed = 0, bulk_started_at = now()
                    WHERE processing_group = ? AND job_id = ?""",
                    head, array, total, build.processingGroup(), jobId);
        });
    }

    /** Building: a new run of a bulk phase that was interrupted; its rate counts only what it does itself. */
    public void resumeBulk(Build<?> build, UUID jobId) {
        jdbc.update("""
                UPDATE projection_registry SET bulk_started_at = now(), processed_before = processed
                WHERE processing_group = ? AND job_id = ?""", build.processingGroup(), jobId);
    }

    /**
     * Building: the bulk phase committed the rows of {@code events} more events, up to user {@code lastUser} (null:
     * the checkpoint stays). False if the build is no longer building (cancelled): the caller must roll back.
     */
    public boolean checkpoint(Build<?> build, UUID jobId, String lastUser, long events) {
        return jdbc.update("""
                UPDATE projection_registry SET bulk_checkpoint = coalesce(?, bulk_checkpoint),
                       processed = processed + ?
                WHERE processing_group = ? AND job_id = ? AND status = ?""",
                lastUser, events, build.processingGroup(), jobId, BUILDING.text()) > 0;
    }

    /** Building: the bulk phase is done and the tokens are set; every process starts following the build. */
    public void finishBulk(Build<?> build, UUID jobId) {
        jdbc.update("UPDATE projection_registry SET bulk_finished_at = now() WHERE processing_group = ? AND job_id = ?",
                build.processingGroup(), jobId);
        announce(build.name());
    }

    /** Building, job running → caught-up: caught up, but the cut-over is refused for {@code reason}. */
    public void caughtUp(String processingGroup, String reason) {
        jdbc.update("""
                UPDATE projection_registry SET job_state = ?, error = ?, caught_up_at = coalesce(caught_up_at, now())
                WHERE processing_group = ? AND status = ?""",
                JobState.CAUGHT_UP.text(), reason, processingGroup, BUILDING.text());
    }

    /**
     * Building → standby, job caught-up: a build of an older version than the live one caught up; it ends ready for
     * an activation, and the version's previous standby build (if any) is retired.
     */
    public void standBy(RegisteredBuild build) {
        jdbc.update("""
                UPDATE projection_registry SET status = ?, job_state = ?,
                       caught_up_at = coalesce(caught_up_at, now()), job_finished_at = now(), error = NULL,
                       switched_out_at = now()
                WHERE processing_group = ?""",
                STANDBY.text(), JobState.CAUGHT_UP.text(), build.processingGroup());
        retireOtherStandby(build);
        announce(build.name());
    }

    /**
     * Building (caught up) or standby → live, job switched; the live build, if any, → standby, and the standby build
     * of its version before it → retired. The public view is redefined over {@code target}'s table.
     */
    public void switchIn(RegisteredBuild target, Build<?> build, Optional<RegisteredBuild> live) {
        live.ifPresent(old -> jdbc.update("""
                UPDATE projection_registry SET status = ?, switched_out_at = now()
                WHERE processing_group = ?""", STANDBY.text(), old.processingGroup()));
        jdbc.update("""
                UPDATE projection_registry SET status = ?, switched_in_at = now(),
                       caught_up_at = coalesce(caught_up_at, now()),
                       job_state = CASE WHEN job_id IS NULL THEN NULL ELSE ? END,
                       job_finished_at = CASE WHEN job_id IS NULL OR job_finished_at IS NOT NULL
                                              THEN job_finished_at ELSE now() END,
                       error = NULL
                WHERE processing_group = ?""", LIVE.text(), JobState.SWITCHED.text(), target.processingGroup());
        live.ifPresent(this::retireOtherStandby);
        PublicView view = build.version().view();
        if (view != null) {
            jdbc.execute(view.definitionOver(build.readTable()));
        }
        announce(target.name());
    }

    /** Standby → retired, for every standby build switched out more than {@code grace} ago; how many. */
    public int retireExpiredStandby(Duration grace) {
        List<String> names = jdbc.queryForList("""
                UPDATE projection_registry SET status = ?, retired_at = now()
                WHERE status = ? AND switched_out_at < now() - make_interval(secs => ?)
                RETURNING name""", String.class, RETIRED.text(), STANDBY.text(), grace.toMillis() / 1000.0);
        names.stream().distinct().forEach(this::announce);
        return names.size();
    }

    /** Building, job running or caught-up → retired, job failed with {@code message}. */
    public void fail(String processingGroup, String message) {
        String error = message.length() > ERROR_LENGTH ? message.substring(0, ERROR_LENGTH) : message;
        jdbc.queryForList("""
                UPDATE projection_registry SET status = ?, retired_at = now(), job_state = ?, error = ?,
                       job_finished_at = now()
                WHERE processing_group = ? AND status = ?
                RETURNING name""", String.class, RETIRED.text(), JobState.FAILED.text(), error, processingGroup,
                BUILDING.text()).forEach(this::announce);
    }

    /** Building → retired, job cancelled by an operator. False if the job's build is no longer building. */
    public boolean cancel(UUID jobId) {
        List<String> cancelled = jdbc.queryForList("""
                UPDATE projection_registry SET status = ?, retired_at = now(), job_state = ?,
                       job_finished_at = now(), error = 'cancelled by an operator'
                WHERE job_id = ? AND status = ?
                RETURNING name""", String.class, RETIRED.text(), JobState.CANCELLED.text(), jobId, BUILDING.text());
        cancelled.forEach(this::announce);
        return !cancelled.isEmpty();
    }

    /** Standby → retired, for the other standby builds of {@code kept}'s version: one standby per version. */
    private void retireOtherStandby(RegisteredBuild kept) {
        List<String> retired = jdbc.queryForList("""
                UPDATE projection_registry SET status = ?, retired_at = now()
                WHERE name = ? AND version = ? AND status = ? AND processing_group <> ?
                RETURNING processing_group""", String.class, RETIRED.text(), kept.name(), kept.version(),
                STANDBY.text(), kept.processingGroup());
        if (!retired.isEmpty()) {
            log.info("Retired {}: {} is the standby build of {} version {} now", retired, kept.processingGroup(),
                    kept.name(), kept.version());
        }
    }

    private void announce(String name) {
        jdbc.queryForList("SELECT pg_notify(?, ?)", CHANNEL, name);
    }
}
