package dev.prefs.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;

/**
 * Erases a user, in one transaction: deletes the user's data key (the one physical delete of personal data that
 * the event table needs; the events stay, unreadable), records the stream as erased, appends a
 * {@link StreamErasedEvent} (nothing personal) to the pseudonymous stream, deletes the user's snapshots, dead
 * letters and idempotency keys, and runs every {@link ErasureStep} (projections and whatever else keeps the
 * user's data). A repeat answers the same time; a user id created again after an erasure is erased anew. Refused
 * ({@link NotYetEncryptedException}, nothing written) while the user's events are stored in clear: in the event
 * table before the copy job ran, or in the clear copy it kept ({@code --keep-clear-copy}) until that is dropped.
 */
public final class PersonalDataErasure {

    /** An erasure done: whom, and when. */
    public record Erased(String userId, Instant erasedAt) {
    }

    /** The user's events are still stored in clear: the copy job must run before they can be erased. */
    public static final class NotYetEncryptedException extends IllegalStateException {
        NotYetEncryptedException() {
            this("This user's events are still stored in clear: run the copy job (encrypt-events) first");
        }

        NotYetEncryptedException(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;
    private final PersonalDataKeys keys;
    private final List<ErasureStep> steps;

    public PersonalDataErasure(DataSource dataSource, PersonalDataKeys keys, List<ErasureStep> steps) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.steps = List.copyOf(steps);
    }

    /**
     * Erases {@code userId}; empty if the user never had an encrypted event and was never erased (never created).
     *
     * @throws NotYetEncryptedException if the user's events are still in clear
     */
    public Optional<Erased> erase(String userId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (exists(connection, "SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = ? LIMIT 1",
                        userId)) {
                    throw new NotYetEncryptedException();
                }
                if (clearCopyHolds(connection, userId)) {
                    throw new NotYetEncryptedException("This user's events are still stored in clear in "
                            + EventTableEncryption.CLEAR + ", the copy the copy job kept (--keep-clear-copy): drop"
                            + " that table first");
                }
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                Optional<String> pseudonym = keys.erase(connection, userId);
                if (pseudonym.isEmpty()) {
                    connection.rollback();
                    return lastErasure(connection, userId).map(at -> new Erased(userId, at));
                }
                setErasedAt(connection, pseudonym.get(), now);
                appendErasure(connection, pseudonym.get(), now);
                delete(connection, "DELETE FROM snapshot_event_entry WHERE aggregate_identifier IN (?, ?)",
                        pseudonym.get(), userId);
                delete(connection, "DELETE FROM dead_letter_entry WHERE sequence_identifier = ? "
                                   + "OR aggregate_identifier = ?", userId, userId);
                delete(connection, "DELETE FROM idempotency_keys WHERE user_id = ?", userId, null);
                for (ErasureStep step : steps) {
                    step.erase(connection, userId);
                }
                connection.commit();
                return Optional.of(new Erased(userId, now));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The erasure failed; nothing was erased, it can be run again", e);
        }
    }

    /** When {@code userId}'s latest stream was erased, if it was. */
    public Optional<Instant> lastErasure(String userId) {
        try (Connection connection = dataSource.getConnection()) {
            return lastErasure(connection, userId);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read erased streams", e);
        }
    }

    private Optional<Instant> lastErasure(Connection connection, String userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT erased_at FROM erased_user_stream WHERE user_ref = ? ORDER BY generation DESC LIMIT 1")) {
            statement.setString(1, keys.userRef(userId));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    private static void setErasedAt(Connection connection, String pseudonym, Instant at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE erased_user_stream SET erased_at = ? WHERE pseudonym = ?")) {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setString(2, pseudonym);
            statement.executeUpdate();
        }
    }

    private static void appendErasure(Connection connection, String pseudonym, Instant at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_revision, payload_type, time_stamp)
                SELECT ?, coalesce(max(sequence_number) + 1, 0), 'UserPreferences', ?, ?, ?, NULL, ?, ?
                  FROM domain_event_entry WHERE aggregate_identifier = ?""")) {
            statement.setString(1, pseudonym);
            statement.setString(2, UUID.randomUUID().toString());
            statement.setBytes(3, "{}".getBytes(StandardCharsets.UTF_8));
            statement.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
            statement.setString(5, StreamErasedEvent.class.getName());
            statement.setString(6, DateTimeUtils.formatInstant(at));
            statement.setString(7, pseudonym);
            statement.executeUpdate();
        }
    }

    /** Whether the clear event table the copy job kept for inspection still holds the user's events. */
    private static boolean clearCopyHolds(Connection connection, String userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, EventTableEncryption.CLEAR);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                if (!rows.getBoolean(1)) {
                    return false;
                }
            }
        }
        return exists(connection, "SELECT 1 FROM " + EventTableEncryption.CLEAR
                                  + " WHERE aggregate_identifier = ? LIMIT 1", userId);
    }

    private static boolean exists(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void delete(Connection connection, String sql, String first, String second) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, first);
            if (second != null) {
                statement.setString(2, second);
            }
            statement.executeUpdate();
        }
    }
}
