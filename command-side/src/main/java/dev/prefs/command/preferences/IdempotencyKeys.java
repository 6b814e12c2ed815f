package dev.prefs.command.preferences;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code idempotency_keys} table. Its {@link JdbcTemplate} joins whatever Spring transaction is open on the
 * thread, so {@link #record} called inside Axon's unit of work commits or rolls back with the command's events. Its
 * {@code user_id} column holds a command's key scope ({@link KeyedCommand#keyScope}): a user id, or a layer's scope.
 */
@Repository
class IdempotencyKeys {

    private final JdbcTemplate jdbc;

    IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The first answer given for this key, if any; an {@link IdempotencyKeyReusedException} when the key was used
     * for another request.
     */
    Optional<CommandAnswer> earlierAnswer(String scope, String key, Operation operation, String requestHash) {
        List<CommandAnswer> answers = jdbc.query("""
                        SELECT operation, request_hash, status, version FROM idempotency_keys
                        WHERE user_id = ? AND idempotency_key = ?""",
                (row, n) -> {
                    if (!operation.name().equals(row.getString("operation"))
                        || !requestHash.equals(row.getString("request_hash"))) {
                        throw new IdempotencyKeyReusedException(key);
                    }
                    return new CommandAnswer(row.getInt("status"), row.getLong("version"), true);
                },
                scope, key);
        return answers.stream().findFirst();
    }

    /** Fails with a {@code DuplicateKeyException} when another request stored this key first. */
    void record(String scope, String key, Operation operation, String requestHash, long version) {
        jdbc.update("""
                        INSERT INTO idempotency_keys
                            (user_id, idempotency_key, operation, request_hash, status, version)
                        VALUES (?, ?, ?, ?, ?, ?)""",
                scope, key, operation.name(), requestHash, operation.status(), version);
    }
}
