package dev.prefs.query.projection;

import dev.prefs.events.PreferencesCreatedEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The exact global index of creation events, which a row's id is made of. A tracked event's token does not always
 * tell it: when an event fills a gap (it committed after a later one), Axon's gap-aware token keeps the highest
 * index seen, so two users created around a gap would get the same id (a unique key violation that stalls the
 * projection). Looked up by event identifier, once per batch, only for creations.
 */
@FunctionalInterface
interface GlobalIndexes {

    /** The global index of each of {@code eventIdentifiers} that is stored. */
    Map<String, Long> of(Collection<String> eventIdentifiers);

    /**
     * Whether {@code message}'s index must be looked up: a creation whose token is not a plain global sequence. A
     * {@link GlobalSequenceTrackingToken} is the event's own index (the rebuild's snapshot reader makes them), with
     * no gap to be wrong about.
     */
    static boolean needed(EventMessage<?> message) {
        return PreferencesCreatedEvent.class.equals(message.getPayloadType())
               && !(message instanceof TrackedEventMessage<?> tracked
                    && tracked.trackingToken() instanceof GlobalSequenceTrackingToken);
    }

    static GlobalIndexes stored(JdbcTemplate jdbc) {
        return identifiers -> {
            Map<String, Long> indexes = new HashMap<>();
            if (identifiers.isEmpty()) {
                return indexes;
            }
            jdbc.query(connection -> {
                var statement = connection.prepareStatement("SELECT event_identifier, global_index"
                        + " FROM domain_event_entry WHERE event_identifier = ANY (?)");
                statement.setArray(1, connection.createArrayOf("varchar", identifiers.toArray()));
                return statement;
            }, rs -> {
                indexes.put(rs.getString(1), rs.getLong(2));
            });
            return indexes;
        };
    }
}
