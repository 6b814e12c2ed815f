package dev.prefs.query.timeline;

import dev.prefs.events.PrefsEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * One stored event of a stream (a user's, a tenant's or the system's) with what the histories and explain show of
 * it: its place in the stream, when, who asked for it ({@code sub} of its metadata) and its correlation id.
 */
public record RecordedEvent(String streamId, long sequenceNumber, Instant at, PrefsEvent payload, String by,
                            String correlationId) {

    /** The stream's version once this event is applied: its sequence number + 1. */
    public long version() {
        return sequenceNumber + 1;
    }

    /** Its type as the histories name it: the event's class without {@code Event} ({@code ThemeChanged}). */
    public String type() {
        return payload.getClass().getSimpleName().replaceFirst("Event$", "");
    }

    /** {@code message} read back from the event store; timestamps to the microsecond, as the read models keep them. */
    static RecordedEvent of(DomainEventMessage<?> message) {
        return new RecordedEvent(message.getAggregateIdentifier(), message.getSequenceNumber(),
                message.getTimestamp().truncatedTo(ChronoUnit.MICROS), (PrefsEvent) message.getPayload(),
                metaData(message, "sub"), metaData(message, "correlationId"));
    }

    private static String metaData(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
