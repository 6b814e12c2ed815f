package dev.prefs.query.projection;

import dev.prefs.events.PrefsEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * One event as a projection's fold sees it: the payload and where it stands, in its stream
 * ({@link #sequenceNumber()}) and in the whole store ({@link #globalIndex()}, {@link #NO_GLOBAL_INDEX} when read
 * per stream, as for {@code asOf}). {@link #userId()} is the stream's id: the user's id for a user's event, the
 * layer's stream ({@code tenant/<id>}, {@code system/defaults}) for a defaults event; rows are keyed by it.
 */
public record ProjectedEvent(String userId, long sequenceNumber, long globalIndex, Instant timestamp,
                             PrefsEvent payload) {

    public static final long NO_GLOBAL_INDEX = -1;

    /** The user's version once this event is applied: the aggregate's sequence number + 1. */
    public long version() {
        return sequenceNumber + 1;
    }

    /** {@code message} as a projected event, if it is one of the service's events (a user's or a layer's). */
    public static Optional<ProjectedEvent> of(EventMessage<?> message) {
        if (!isProjected(message)) {
            return Optional.empty();
        }
        DomainEventMessage<?> domain = (DomainEventMessage<?>) message;
        long globalIndex = message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                ? tracked.trackingToken().position().orElse(NO_GLOBAL_INDEX)
                : NO_GLOBAL_INDEX;
        // TIMESTAMPTZ keeps microseconds: truncating here makes a row folded in memory (asOf) equal the stored one.
        return Optional.of(new ProjectedEvent(domain.getAggregateIdentifier(), domain.getSequenceNumber(),
                globalIndex, message.getTimestamp().truncatedTo(ChronoUnit.MICROS),
                (PrefsEvent) message.getPayload()));
    }

    /** This event at {@code globalIndex}, its exact place in the store when the token could not tell it. */
    public ProjectedEvent atGlobalIndex(long globalIndex) {
        return new ProjectedEvent(userId, sequenceNumber, globalIndex, timestamp, payload);
    }

    static boolean isProjected(EventMessage<?> message) {
        return message instanceof DomainEventMessage<?>
               && PrefsEvent.class.isAssignableFrom(message.getPayloadType());
    }
}
