package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DuplicateKeyException;

class ConflictRetryTest {

    private final ConflictRetry retry = new ConflictRetry(4, Duration.ofMillis(1));
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aConcurrencyConflictIsRetriedUntilTheCommandSucceeds() {
        String result = retry.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConcurrencyException("sequence 5 taken");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aConflictOnTheFirstEventIsRetried() {
        retry.run(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new AggregateStreamCreationException("sequence 0 taken");
            }
            return "done";
        });
        assertThat(calls).hasValue(2);
    }

    @Test
    void aUniqueViolationReportedAsAnEventStoreFailureIsRetried() {
        retry.run(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new EventStoreException("append failed", new IllegalStateException(
                        new PSQLException("duplicate key", PSQLState.UNIQUE_VIOLATION)));
            }
            return "done";
        });
        assertThat(calls).hasValue(2);
    }

    @Test
    void otherEventStoreFailuresAreNotRetried() {
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new EventStoreException("disk full", new PSQLException("no space", PSQLState.IO_ERROR));
        })).isInstanceOf(EventStoreException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aDuplicateIdempotencyKeyIsNotAnAppendConflict() {
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new DuplicateKeyException("idempotency_keys_pkey",
                    new PSQLException("duplicate key", PSQLState.UNIQUE_VIOLATION));
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void refusalsAreNotRetried() {
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new PreferencesNotFoundException("alice");
        })).isInstanceOf(PreferencesNotFoundException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void givesUpAfterTheLastAttemptWithAWriteConflict() {
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new ConcurrencyException("always taken");
        })).isInstanceOf(WriteConflictException.class).hasCauseInstanceOf(ConcurrencyException.class);
        assertThat(calls).hasValue(4);
    }
}
