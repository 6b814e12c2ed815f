package dev.prefs.query.rebuild;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.ProjectedEvent;
import dev.prefs.query.projection.ProjectionRow;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bulk phase of a rebuild: reads every event up to a snapshot of the event store, user by user, folds each
 * user's events with the version's own {@code apply} (the same code live processing runs), and writes the rows in
 * chunks of users, each chunk in one transaction with the checkpoint and the progress, so a killed job resumes after
 * the last committed user. A user whose fold throws gets the rows folded before the failing event, and that event
 * and the rest of the user's events go to the build's dead-letter queue, as live processing would do.
 * <p>
 * Reading runs on the job's thread while a writer thread folds and writes the previous chunk (one chunk in flight,
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
        private long foldNanos;
        private long writeNanos;
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
                    events[0] += user.size();
                    Chunk<R> chunk = current.get(0);
                    chunk.add(user);
                    if (chunk.users() >= chunkUsers) {
                        await(inFlight.get(0));
                        inFlight.set(0, writer.submit(() -> transactions.executeWithoutResult(s -> chunk.commit())));
                        current.set(0, new Chunk<>(build, row, timings));
                    }
                });
                await(inFlight.get(0));
                Chunk<R> last = current.get(0);
                await(writer.submit(() -> transactions.executeWithoutResult(status -> {
                    last.commit();
                    runtime.initializeTokens(build, snapshot.followFrom());
                    transitions.finishBulk(build, row.jobId());
                })));
                double seconds = Math.max(1, System.nanoTime() - startedAt) / 1e9;
                log.info("Rebuild of {}: bulk phase done, {} events in {} s = {} events/s (folding {} s and writing"
                         + " {} s beside the reading)", build.processingGroup(), events[0],
                        String.format("%.2f", seconds), Math.round(events[0] / seconds),
                        String.format("%.2f", timings.foldNanos / 1e9), String.format("%.2f", timings.writeNanos / 1e9));
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
            log.info("Rebuild of {}: resuming the bulk phase after user {} ({} of {} events done)",
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

        private record Parked(String userId, List<TrackedEventMessage<?>> events, Throwable cause) {
        }

        private final Build<R> build;
        private final RegisteredBuild row;
        private final Timings timings;
        private final List<List<TrackedEventMessage<?>>> users = new ArrayList<>();
        private long events;

        Chunk(Build<R> build, RegisteredBuild row, Timings timings) {
            this.build = build;
            this.row = row;
            this.timings = timings;
        }

        int users() {
            return users.size();
        }

        void add(List<TrackedEventMessage<?>> userEvents) {
            users.add(userEvents);
            events += userEvents.size();
        }

        /** Folds the users and writes their rows and dead letters with the checkpoint, in the caller's transaction. */
        void commit() {
            if (users.isEmpty()) {
                return;
            }
            long start = System.nanoTime();
            List<RowChange<R>> rows = new ArrayList<>(users.size());
            List<Parked> parked = new ArrayList<>();
            String lastUser = null;
            for (List<TrackedEventMessage<?>> user : users) {
                String userId = fold(user, rows, parked);
                lastUser = userId != null ? userId : lastUser;
            }
            long folded = System.nanoTime();
            if (!rows.isEmpty()) {
                RowStore<R> store = build.store();
                store.write(rows);
            }
            park(parked);
            if (!transitions.checkpoint(build, row.jobId(), lastUser, events)) {
                throw new Stopped("the build " + build.processingGroup() + " is no longer building (cancelled)");
            }
            timings.foldNanos += folded - start;
            timings.writeNanos += System.nanoTime() - folded;
        }

        /** Folds one user's events into {@code rows}, or up to a failing event into {@code parked}; the user id. */
        private String fold(List<TrackedEventMessage<?>> userEvents, List<RowChange<R>> rows, List<Parked> parked) {
            R folded = null;
            List<TrackedEventMessage<?>> failed = null;
            Throwable cause = null;
            String userId = null;
            for (TrackedEventMessage<?> message : userEvents) {
                Optional<ProjectedEvent> event = ProjectedEvent.of(message);
                if (event.isEmpty()) {
                    continue;
                }
                userId = event.get().userId();
                if (failed != null) {
                    failed.add(message);
                    continue;
                }
                try {
                    folded = build.version().apply(folded, event.get());
                } catch (RuntimeException e) {
                    failed = new ArrayList<>(List.of(message));
                    cause = e;
                }
            }
            if (folded != null) {
                rows.add(new RowChange<>(null, folded));
            }
            if (failed != null) {
                log.warn("Rebuild of {}: user {} goes to the dead-letter queue: {}", build.processingGroup(), userId,
                        cause.getMessage());
                parked.add(new Parked(userId, failed, cause));
            }
            return userId;
        }

        private void park(List<Parked> parked) {
            if (parked.isEmpty()) {
                return;
            }
            SequencedDeadLetterQueue<EventMessage<?>> queue = runtime.deadLetters(build);
            for (Parked user : parked) {
                for (int i = 0; i < user.events().size(); i++) {
                    TrackedEventMessage<?> message = user.events().get(i);
                    queue.enqueue(user.userId(), i == 0
                            ? new GenericDeadLetter<>(user.userId(), message, user.cause())
                            : new GenericDeadLetter<>(user.userId(), message));
                }
            }
        }
    }
}
