package dev.prefs.query.rebuild;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.ProjectionRow;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bulk phase of a rebuild (none for a version folded {@linkplain
 * dev.prefs.query.projection.ProjectionVersion#inOrder() in order}: its processor replays every event from the
 * start, in the store's order): reads every event up to a snapshot of the event store, user by user, and hands them
 * in chunks of users to the build's own batch driver ({@link ProjectionRuntime#process}, the handler live
 * processing runs), each chunk in one transaction with the checkpoint and the progress, so a killed job resumes after
 * the last committed user. A user whose fold throws gets the rows folded before the failing event, and that event
 * and the rest of the user's events go to the build's dead-letter queue, by the same code as in live processing.
 * <p>
 * Reading runs on the job's thread while a writer thread projects the previous chunk (one chunk in flight,
 * committed in order), so reading and writing overlap.
 */
final class BulkLoader {

    private static final Logger log = LoggerFactory.getLogger(BulkLoader.class);

    /**
     * Thrown to leave the read loop when the job is asked to stop (shutdown: the checkpoint stays for the next
     * process) or its build is no longer building (cancelled).
     */
    static final class Stopped extends RuntimeException {
        Stopped(String why) {
            super(why, null, false, false);
        }
    }

    /** Where the time went, for the closing log line; written by the writer thread only. */
    private static final class Timings {
        private long projectNanos;
    }

    private final DataSource dataSource;
    private final BuildTransitions transitions;
    private final TransactionTemplate transactions;
    private final EventSnapshotReader reader;
    private final ProjectionRuntime runtime;
    private final int chunkUsers;
    private final int fetchSize;

    BulkLoader(DataSource dataSource, BuildTransitions transitions, TransactionTemplate transactions,
               EventSnapshotReader reader, ProjectionRuntime runtime, int chunkUsers, int fetchSize) {
        this.dataSource = dataSource;
        this.transitions = transitions;
        this.transactions = transactions;
        this.reader = reader;
        this.runtime = runtime;
        this.chunkUsers = chunkUsers;
        this.fetchSize = fetchSize;
    }

    /** Runs (or resumes) the bulk phase of {@code build} to its end, then sets its processor's tokens. */
    <R extends ProjectionRow> void load(Build<R> build, RegisteredBuild row, BooleanSupplier stopping)
            throws SQLException, InterruptedException {
        if (build.version().inOrder()) {
            // Its events must be folded in the store's order, not user by user: its processor replays them all.
            transactions.executeWithoutResult(status -> {
                transitions.recordCut(build, row.jobId(), -1, List.of(), 0);
                runtime.initializeTokens(build, null);
                transitions.finishBulk(build, row.jobId());
            });
            log.info("Rebuild of {}: folded in order, so no bulk phase; its processor replays from the first event",
                    build.processingGroup());
            return;
        }
        long startedAt = System.nanoTime();
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-writer-" + build.processingGroup());
            thread.setDaemon(true);
            return thread;
        });
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                EventSnapshotReader.Snapshot snapshot = snapshot(connection, build, row);
                Timings timings = new Timings();
                long[] events = {0};
                List<Chunk<R>> current = new ArrayList<>(List.of(new Chunk<>(build, row, timings)));
                List<Future<?>> inFlight = new ArrayList<>(List.of(CompletableFuture.completedFuture(null)));
                reader.readUsers(connection, snapshot, row.bulkCheckpoint(), fetchSize, user -> {
                    if (stopping.getAsBoolean()) {
                        throw new Stopped("this process is shutting down; the job resumes from its checkpoint");
                    }
                    events[0] += user.events().size();
                    Chunk<R> chunk = current.get(0);
                    chunk.add(user);
                    if (chunk.users() >= chunkUsers) {
                        await(inFlight.get(0));
                        inFlight.set(0, writer.submit(() -> chunk.commit(() -> { })));
                        current.set(0, new Chunk<>(build, row, timings));
                    }
                });
                await(inFlight.get(0));
                Chunk<R> last = current.get(0);
                await(writer.submit(() -> last.commit(() -> {
                    runtime.initializeTokens(build, snapshot.followFrom());
                    transitions.finishBulk(build, row.jobId());
                })));
                double seconds = Math.max(1, System.nanoTime() - startedAt) / 1e9;
                log.info("Rebuild of {}: bulk phase done, {} events in {} s = {} events/s (projecting {} s beside the"
                         + " reading)", build.processingGroup(), events[0], String.format("%.2f", seconds),
                        Math.round(events[0] / seconds), String.format("%.2f", timings.projectNanos / 1e9));
            } finally {
                connection.rollback();
            }
        } finally {
            writer.shutdownNow();
        }
    }

    private EventSnapshotReader.Snapshot snapshot(Connection connection, Build<?> build, RegisteredBuild row)
            throws SQLException {
        if (row.snapshotHead() != null) {
            // A resumed job keeps its snapshot: the follower's token is where it was decided to be.
            transitions.resumeBulk(build, row.jobId());
            log.info("Rebuild of {}: resuming the bulk phase after stream {} ({} of {} events done)",
                    build.processingGroup(), row.bulkCheckpoint(), row.processed(), row.total());
            return new EventSnapshotReader.Snapshot(row.snapshotHead(),
                    new TreeSet<>(row.snapshotGaps() == null ? List.of() : row.snapshotGaps()));
        }
        EventSnapshotReader.Snapshot snapshot = reader.snapshot(connection);
        long total = reader.count(connection, snapshot);
        transitions.recordCut(build, row.jobId(), snapshot.head(), snapshot.gapList(), total);
        log.info("Rebuild of {}: bulk phase of {} events up to global index {}", build.processingGroup(), total,
                snapshot.head());
        return snapshot;
    }

    /** Waits for a chunk's write, so at most one is in flight; its failure fails the bulk phase. */
    private static void await(Future<?> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("interrupted; the job resumes from its checkpoint");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The users read since the last chunk went to the writer. */
    private final class Chunk<R extends ProjectionRow> {

        private final Build<R> build;
        private final RegisteredBuild row;
        private final Timings timings;
        private final List<TrackedEventMessage<?>> events = new ArrayList<>();
        private int users;
        private String lastUser;

        Chunk(Build<R> build, RegisteredBuild row, Timings timings) {
            this.build = build;
            this.row = row;
            this.timings = timings;
        }

        int users() {
            return users;
        }

        void add(EventSnapshotReader.StoredStream stream) {
            List<TrackedEventMessage<?>> userEvents = stream.events();
            lastUser = stream.storedId();
            events.addAll(userEvents);
            users++;
        }

        /**
         * Projects the chunk's events through the build's own batch driver (what its processor will run once the
         * bulk phase is done: load, fold, write the changed rows, park a failing user's events in the dead-letter
         * queue), and stores the checkpoint and the progress in the same transaction; then {@code andThen}, also
         * in it. The users of a chunk come after the checkpoint, so none of them is in the build's tables yet: the
         * load finds nothing, and the stats' deltas count each user once.
         */
        void commit(Runnable andThen) {
            if (events.isEmpty()) {
                transactions.executeWithoutResult(status -> andThen.run());
                return;
            }
            long start = System.nanoTime();
            runtime.process(build, events, () -> {
                checkpoint();
                andThen.run();
            });
            timings.projectNanos += System.nanoTime() - start;
        }

        private void checkpoint() {
            if (!transitions.checkpoint(build, row.jobId(), lastUser, events.size())) {
                throw new Stopped("the build " + build.processingGroup() + " is no longer building (cancelled)");
            }
        }
    }
}
