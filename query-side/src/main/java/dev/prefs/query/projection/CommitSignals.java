package dev.prefs.query.projection;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Lets a reader wait, with a deadline, until a projection has committed something for one user (read-your-writes).
 * Processors signal after their transaction commits; a waiter then reads again, so it never sees an uncommitted row
 * and never polls.
 * <p>
 * With several query-side processes, a user's events are projected by whichever process holds that user's segment,
 * so a commit is also announced to the others: {@link #announce} sends a PostgreSQL notification on {@value
 * #CHANNEL} in the projecting transaction (delivered only if it commits), and every process hands what it receives to
 * {@link #committedElsewhere}.
 */
public final class CommitSignals {

    /** The channel on which live projections announce their commits. */
    static final String CHANNEL = "prefs_projected";
    /** PostgreSQL refuses payloads of 8000 bytes or more; a longer list of users is announced as "everyone". */
    private static final int MAX_PAYLOAD = 7_000;

    /** Sends a notification in the current transaction. */
    @FunctionalInterface
    interface Announcer {
        void send(String channel, String payload);
    }

    private record Key(String projection, String userId) {
    }

    private final ConcurrentHashMap<Key, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Runnable>> followers = new ConcurrentHashMap<>();
    private final Announcer announcer;

    /** Signals within this process only. */
    CommitSignals() {
        this((channel, payload) -> { });
    }

    CommitSignals(Announcer announcer) {
        this.announcer = announcer;
    }

    /** Tells every process, once the current transaction commits, that these users' rows of {@code projection} changed. */
    void announce(String projection, Collection<? extends ProjectionRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder payload = new StringBuilder(projection);
        for (ProjectionRow row : rows) {
            payload.append('\n').append(row.userId());
            if (payload.length() > MAX_PAYLOAD) {
                announcer.send(CHANNEL, projection);
                return;
            }
        }
        announcer.send(CHANNEL, payload.toString());
    }

    /** Tells every process, once the current transaction commits, that {@code projection} has news (no user named). */
    void announce(String projection) {
        announcer.send(CHANNEL, projection);
    }

    /** Wakes this process's followers of {@code projection} after a commit here (its announcement comes back too). */
    void committed(String projection) {
        notifyFollowers(projection);
    }

    /**
     * Runs {@code follower} after every commit of {@code projection} announced by any process (a reader of a feed
     * that fetches what is new); it must return at once. Closing the answer stops it.
     */
    public AutoCloseable follow(String projection, Runnable follower) {
        followers.computeIfAbsent(projection, p -> ConcurrentHashMap.newKeySet()).add(follower);
        return () -> followers.computeIfPresent(projection, (p, set) -> {
            set.remove(follower);
            return set.isEmpty() ? null : set;
        });
    }

    private void notifyFollowers(String projection) {
        Set<Runnable> set = followers.get(projection);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }

    /**
     * An announcement received from any process: wakes the waiters it names (all of the projection's when it names
     * no user; everyone when there is no payload, after a stretch in which announcements may have been missed).
     */
    void committedElsewhere(String payload) {
        if (payload == null || payload.isEmpty()) {
            followers.keySet().forEach(this::notifyFollowers);
            waiting.keySet().forEach(this::wake);
            return;
        }
        String[] parts = payload.split("\n");
        notifyFollowers(parts[0]);
        if (waiting.isEmpty()) {
            return;
        }
        String projection = parts[0];
        if (parts.length == 1) {
            for (Key key : waiting.keySet()) {
                if (key.projection().equals(projection)) {
                    wake(key);
                }
            }
        }
        for (int i = 1; i < parts.length; i++) {
            wake(new Key(projection, parts[i]));
        }
    }

    private void wake(Key key) {
        Set<CompletableFuture<Void>> signals = waiting.remove(key);
        if (signals != null) {
            signals.forEach(signal -> signal.complete(null));
        }
    }

    /** Wakes everyone waiting for these users' rows of {@code projection}. */
    void committed(String projection, Collection<? extends ProjectionRow> rows) {
        if (waiting.isEmpty()) {
            return;
        }
        for (ProjectionRow row : rows) {
            wake(new Key(projection, row.userId()));
        }
    }

    /**
     * The first non-empty answer of {@code read}, which is asked now and again after each commit of {@code
     * projection} touching {@code userId}, or empty once {@code timeout} has passed.
     */
    public <T> Optional<T> await(String projection, String userId, Duration timeout, Supplier<Optional<T>> read) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Key key = new Key(projection, userId);
        while (true) {
            // Registered before reading, so a commit between the read and the wait is not missed.
            CompletableFuture<Void> signal = new CompletableFuture<>();
            waiting.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(signal);
            try {
                Optional<T> answer = read.get();
                long remaining = deadline - System.nanoTime();
                if (answer.isPresent() || remaining <= 0) {
                    return answer;
                }
                signal.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException("A commit signal cannot fail", e);
            } finally {
                waiting.computeIfPresent(key, (k, signals) -> {
                    signals.remove(signal);
                    return signals.isEmpty() ? null : signals;
                });
            }
        }
    }
}
