package dev.prefs.command.preferences;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Forgets idempotency keys older than the retention ({@code prefs.command.idempotency.retention}, 24 h by default),
 * so the table does not grow forever: a client retrying later than that is treated as a new request. It looks every
 * {@code prefs.command.idempotency.purge-interval} and deletes in batches, so a large backlog never holds one long
 * transaction. Keys are bookkeeping of the command API, not events or read models: deleting them changes no
 * preference.
 */
@Component
class IdempotencyKeyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);
    private static final int BATCH = 10_000;

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    IdempotencyKeyPurge(JdbcTemplate jdbc,
                        @Value("${prefs.command.idempotency.retention:24h}") Duration retention,
                        @Value("${prefs.command.idempotency.purge-interval:10m}") Duration interval) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.interval = interval;
    }

    /** Deletes every key older than the retention; answers how many. */
    long purgeExpired() {
        long purged = 0;
        int deleted;
        do {
            deleted = jdbc.update("""
                    DELETE FROM idempotency_keys WHERE ctid IN (
                        SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)
                        LIMIT ?)""", (double) retention.toMillis() / 1000, BATCH);
            purged += deleted;
        } while (deleted == BATCH);
        if (purged > 0) {
            log.info("Forgot {} idempotency key(s) older than {}", purged, retention);
        }
        return purged;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-key-purge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::safePurge, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void safePurge() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            log.warn("Could not purge expired idempotency keys this time: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
