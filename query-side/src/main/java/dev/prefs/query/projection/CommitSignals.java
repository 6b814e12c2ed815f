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
 */
public final class CommitSignals {

    private record Key(String projection, String userId) {
    }

    private final ConcurrentHashMap<Key, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /** Wakes everyone waiting for these users' rows of {@code projection}. */
    void committed(String projection, Collection<? extends ProjectionRow> rows) {
        if (waiting.isEmpty()) {
            return;
        }
        for (ProjectionRow row : rows) {
            Set<CompletableFuture<Void>> signals = waiting.remove(new Key(projection, row.userId()));
            if (signals != null) {
                signals.forEach(signal -> signal.complete(null));
            }
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
