package dev.prefs.query.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the feed to its retention ({@code prefs.query.changes.retention}, default 7 days): every purge interval it
 * deletes the live build's items older than that, always a prefix of positions, and records the last position it
 * deleted, below which a cursor answers 410. Any process may purge; they agree on what to delete.
 */
@Component
final class FeedRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedRetention.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ChangeFeedReader reader;
    private final Duration retention;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    FeedRetention(JdbcTemplate jdbc, TransactionTemplate transactions, ChangeFeedReader reader,
                  @Value("${prefs.query.changes.retention:7d}") Duration retention,
                  @Value("${prefs.query.changes.purge-interval:1m}") Duration interval) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.reader = reader;
        this.retention = retention;
        this.interval = interval;
        this.clock = Clock.systemUTC();
    }

    /** Purges what is older than the retention now; the number of items deleted. */
    long purge() {
        return purgeBefore(clock.instant().minus(retention));
    }

    /** Deletes the items older than {@code cutoff} (and every item before them); the number deleted. */
    long purgeBefore(Instant cutoff) {
        FeedTables tables = ChangeFeedV1.tables(reader.live());
        Long deleted = transactions.execute(status -> {
            Long through = jdbc.queryForObject("SELECT max(position) FROM " + tables.items() + " WHERE at < ?",
                    Long.class, java.sql.Timestamp.from(cutoff));
            if (through == null) {
                return 0L;
            }
            // Locks the state row: the writer's next update and a concurrent purge wait for this one.
            jdbc.update("INSERT INTO " + tables.state() + " (id, last_position, purged_through) VALUES (1, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET purged_through = greatest(" + tables.state()
                        + ".purged_through, excluded.purged_through)", through, through);
            return (long) jdbc.update("DELETE FROM " + tables.items() + " WHERE position <= ?", through);
        });
        if (deleted != null && deleted > 0) {
            log.info("Change feed: purged {} change(s) older than {}", deleted, cutoff);
        }
        return deleted == null ? 0 : deleted;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "change-feed-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.warn("Change feed: the purge failed this time: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
