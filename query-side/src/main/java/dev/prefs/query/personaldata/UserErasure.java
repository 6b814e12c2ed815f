package dev.prefs.query.personaldata;

import dev.prefs.platform.crypto.ErasureStep;
import dev.prefs.platform.crypto.PersonalDataErasure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /admin/users/{userId}/erase}: the platform's {@link PersonalDataErasure} (the key, the stream's
 * erasure event, snapshots, dead letters, idempotency keys, and every {@link ErasureStep}, among them each projection
 * version's own, in one transaction), then the settling that closes the race with the processors.
 * <p>
 * The race: a processor (or the bulk phase of a rebuild) may have decoded one of the user's events before the key
 * was deleted, and write the user's row after the erasure committed. Chosen here: wait, then erase again. After the
 * erasure's commit, every builder of a read model that could still hold such an event is waited for, with a deadline
 * ({@code prefs.query.erasure.settle-timeout}, 10 s by default): each processor segment with a live claim in
 * {@code token_entry} (whatever process holds it) until its token has passed the erasure event's global index (its
 * rows and its token commit together, so whatever it folded before that is committed), and each running bulk phase
 * until its checkpoint has passed the erased stream (same: checkpoint and rows commit together). A segment nobody
 * holds and a job nobody runs fold nothing now, and when they resume the key is gone. Then every {@link ErasureStep}
 * runs again, in a second transaction. Past the deadline the second transaction still runs and the answer is 503
 * {@code not-caught-up} (the erasure itself is done and stays done): a repeat waits and erases again. No guard in
 * the projections' write path is needed for the rows; the counters of preferencestats are kept exact by their writer
 * (a row gone under a batch counts as new), so erasing the row again takes it off them once.
 * <p>
 * Left out on purpose: an event of the user that was still uncommitted when a processor passed its index (a gap)
 * and that the processor reads later, in a process that has not yet heard of the key's deletion; the window is the
 * notification's delivery time.
 */
final class UserErasure {

    private static final Logger log = LoggerFactory.getLogger(UserErasure.class);
    private static final Duration PAUSE = Duration.ofMillis(20);

    /** The erasure did not settle within the deadline: which builders were still behind. */
    static final class NotSettledException extends RuntimeException {

        private final Duration timeout;

        NotSettledException(String userId, Duration timeout, List<String> behind) {
            super("User " + userId + " is erased, but " + String.join(", ", behind) + " had not passed the erasure"
                  + " within " + timeout.toMillis() + " ms; repeat the request to finish");
            this.timeout = timeout;
        }

        Duration timeout() {
            return timeout;
        }
    }

    /** The erased streams of one erasure (usually one), and the global index of the last erasure event. */
    private record Streams(List<String> pseudonyms, long index) {
    }

    private final PersonalDataErasure erasure;
    private final List<ErasureStep> steps;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration claimTimeout;
    private final Duration settleTimeout;
    private final Clock clock;

    UserErasure(PersonalDataErasure erasure, List<ErasureStep> steps, DataSource dataSource, JdbcTemplate jdbc,
                Serializer serializer, Duration claimTimeout, Duration settleTimeout, Clock clock) {
        this.erasure = erasure;
        this.steps = List.copyOf(steps);
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.claimTimeout = claimTimeout;
        this.settleTimeout = settleTimeout;
        this.clock = clock;
    }

    /**
     * Erases {@code userId} (or finds the erasure done before), then settles it. Empty if the user was never created.
     *
     * @throws PersonalDataErasure.NotYetEncryptedException if the user's events are still stored in clear
     * @throws NotSettledException                          if a builder did not pass the erasure in time
     */
    Optional<PersonalDataErasure.Erased> erase(String userId) {
        Optional<PersonalDataErasure.Erased> erased = erasure.erase(userId);
        erased.ifPresent(this::settle);
        return erased;
    }

    private void settle(PersonalDataErasure.Erased erased) {
        Streams streams = streams(erased.erasedAt());
        Instant deadline = clock.instant().plus(settleTimeout);
        List<String> behind = behind(streams);
        while (!behind.isEmpty() && clock.instant().isBefore(deadline)) {
            pause();
            behind = behind(streams);
        }
        eraseAgain(erased.userId());
        if (!behind.isEmpty()) {
            log.warn("Erasure of a user: {} did not pass the erasure within {}", behind, settleTimeout);
            throw new NotSettledException(erased.userId(), settleTimeout, behind);
        }
    }

    /** The streams erased at {@code at} (the erasure's own time), and where their erasure events are. */
    private Streams streams(Instant at) {
        List<String> pseudonyms = jdbc.queryForList("SELECT pseudonym FROM erased_user_stream WHERE erased_at = ?",
                String.class, java.sql.Timestamp.from(at));
        Long index = jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ANY (?)");
            statement.setArray(1, connection.createArrayOf("varchar", pseudonyms.toArray()));
            return statement;
        }, rs -> rs.next() ? (Long) rs.getObject(1, Long.class) : null);
        return new Streams(pseudonyms, index == null ? -1 : index);
    }

    /** The processing groups that may still write something they read before the erasure. */
    private List<String> behind(Streams streams) {
        List<String> behind = new ArrayList<>();
        Instant live = clock.instant().minus(claimTimeout);
        jdbc.query("""
                SELECT t.processor_name, t.segment, t.token, t.token_type, t.timestamp FROM token_entry t
                  JOIN projection_registry r ON r.processing_group = t.processor_name
                 WHERE r.status <> 'retired' AND t.owner IS NOT NULL ORDER BY t.processor_name, t.segment""", rs -> {
            if (claimedSince(rs.getString(5), live)
                && position(rs.getBytes(3), rs.getString(4)) < streams.index()) {
                behind.add(rs.getString(1) + " segment " + rs.getInt(2));
            }
        });
        String last = streams.pseudonyms().stream().max(String::compareTo).orElse(null);
        if (last != null) {
            // The bulk phase goes through the streams in the order of their stored ids, as PostgreSQL sorts them.
            behind.addAll(jdbc.queryForList("""
                    SELECT processing_group FROM projection_registry
                     WHERE status = 'building' AND job_id IS NOT NULL AND job_state = 'running'
                       AND bulk_finished_at IS NULL AND snapshot_head IS NOT NULL
                       AND (bulk_checkpoint IS NULL OR bulk_checkpoint < ?) ORDER BY processing_group""",
                    String.class, last).stream().map(group -> group + " (bulk phase)").toList());
        }
        return behind;
    }

    private static boolean claimedSince(String timestamp, Instant limit) {
        try {
            return timestamp != null && Instant.parse(timestamp).isAfter(limit);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private long position(byte[] token, String type) {
        if (token == null || type == null) {
            return -1;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? -1 : tracking.position().orElse(-1L);
    }

    /** Every step again, in a transaction of its own: whatever a builder wrote after the first one goes. */
    private void eraseAgain(String userId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (ErasureStep step : steps) {
                    step.erase(connection, userId);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The erasure's second pass failed; repeat the request", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the read models to pass an erasure", e);
        }
    }
}
