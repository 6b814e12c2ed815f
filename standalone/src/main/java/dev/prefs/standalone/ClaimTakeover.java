package dev.prefs.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Releases, at start-up and before any event processor starts, every segment claim in {@code token_entry} (and
 * forgets the query processes listed in {@code query_process}: all of them are gone), so the
 * projection processors claim all their segments at once instead of waiting for the claims of a previous run that
 * died without releasing them (kill -9, a crash, a power cut) to time out. Until then they would project nothing,
 * and a read with {@code minVersion} of a change acknowledged before the crash would time out.
 * <p>
 * Safe because this process owns the embedded database alone: it holds the data folder's lock (a second process on
 * the folder fails to start, {@link EmbeddedDatabase}), it stopped any PostgreSQL left running there, and the
 * server it started listens for this process only. So every claim in the table belongs to a process that is gone
 * (or to this one, which claims nothing before its processors start). With a configured database
 * ({@code SPRING_DATASOURCE_URL}) other processes may share the tables, and this bean does not exist: their claims
 * are taken over after the claim timeout instead.
 */
final class ClaimTakeover {

    private static final Logger log = LoggerFactory.getLogger(ClaimTakeover.class);

    /** Runs the release; {@code database} is only there to say who makes it safe (and to start after it). */
    ClaimTakeover(EmbeddedDatabase database, JdbcTemplate jdbc) {
        int released = jdbc.update("UPDATE token_entry SET owner = NULL WHERE owner IS NOT NULL");
        // The dead run's row would count as a second query process for a few seconds, and this one would give
        // half its segments away to nobody (dev.prefs.query.projection's SegmentBalancer).
        jdbc.update("DELETE FROM query_process");
        if (released > 0) {
            log.info("Released {} segment claims left in {} by a previous run that did not stop cleanly",
                    released, database.postgresFolder());
        }
    }
}
