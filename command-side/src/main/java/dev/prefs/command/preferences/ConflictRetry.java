package dev.prefs.command.preferences;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a command again when another process appended to the same aggregate between our load and our append (the
 * event table's unique aggregate and sequence number refused ours). The retry reloads the aggregate, so the change
 * is decided again on the new state: nothing is lost and nothing surfaces as a 5xx. Within one process Axon's
 * aggregate lock already serialises writers, so this only matters with several command-side processes.
 */
@Component
class ConflictRetry {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);

    private final int attempts;
    private final Duration backoff;

    ConflictRetry(@Value("${prefs.command.conflict-retry.attempts:6}") int attempts,
                  @Value("${prefs.command.conflict-retry.backoff:10ms}") Duration backoff) {
        this.attempts = attempts;
        this.backoff = backoff;
    }

    <T> T run(Supplier<T> command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return command.get();
            } catch (RuntimeException e) {
                if (!isAppendConflict(e)) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw new WriteConflictException(attempts, e);
                }
                log.info("Another process appended to the same preferences first ({}); running the command again",
                        e.getClass().getSimpleName());
                pause(attempt);
            }
        }
    }

    /**
     * Axon reports the conflict as {@link ConcurrencyException} or {@link AggregateStreamCreationException} when its
     * persistence exception resolver recognises the duplicate key; the JDBC resolver does not recognise PostgreSQL's
     * (it looks for {@code SQLIntegrityConstraintViolationException}), which then arrives as an
     * {@link EventStoreException} caused by a unique violation.
     */
    static boolean isAppendConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
            if (t instanceof EventStoreException) {
                return causedByUniqueViolation(t);
            }
        }
        return false;
    }

    private static boolean causedByUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Exponential, with jitter so that two processes that collided do not collide again in lockstep. */
    private void pause(int attempt) {
        long base = backoff.toMillis() << Math.min(attempt - 1, 6);
        long millis = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteConflictException(attempt, e);
        }
    }
}
