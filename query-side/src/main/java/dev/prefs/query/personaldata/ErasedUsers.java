package dev.prefs.query.personaldata;

import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.crypto.PersonalDataKeys;
import dev.prefs.platform.crypto.StreamErasedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one "is this user erased?" of the query side: a read that finds nothing of a user answers 410 {@code erased}
 * instead of 404 while the user's latest stream is erased and the user id was not created again since. Asked of
 * the database each time (no cache of its own), so every process answers the same at once; the stream it looks at is
 * {@link PersonalDataKeys#pseudonym}'s, whose cache every process drops on the erasure's notification (and until
 * then it names the erased stream, which ends in the erasure event: erased either way).
 */
public final class ErasedUsers {

    private final PersonalDataErasure erasure;
    private final PersonalDataKeys keys;
    private final JdbcTemplate jdbc;

    ErasedUsers(PersonalDataErasure erasure, PersonalDataKeys keys, JdbcTemplate jdbc) {
        this.erasure = erasure;
        this.keys = keys;
        this.jdbc = jdbc;
    }

    /** When {@code userId} was erased, if their latest stream is erased and they were not created again since. */
    public Optional<Instant> erasedAt(String userId) {
        Optional<Instant> at = erasure.lastErasure(userId);
        if (at.isEmpty()) {
            return at;
        }
        // Created again: the user's current stream has events, the last of which is not an erasure.
        List<String> last = jdbc.queryForList("SELECT payload_type FROM domain_event_entry"
                                              + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1",
                String.class, keys.pseudonym(userId));
        return last.isEmpty() || last.get(0).equals(StreamErasedEvent.class.getName()) ? at : Optional.empty();
    }

    /** Throws {@link UserErasedException} (410 {@code erased}) if {@link #erasedAt} says the user is erased. */
    public void requireNotErased(String userId) {
        Optional<Instant> at = erasedAt(userId);
        if (at.isPresent()) {
            throw new UserErasedException(userId, at.get());
        }
    }
}
