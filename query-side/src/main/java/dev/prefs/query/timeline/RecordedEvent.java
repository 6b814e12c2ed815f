package dev.prefs.query.timeline;

import dev.prefs.events.PrefsEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * One stored event of a stream (a user's, a tenant's or the system's) with what the histories and explain show of
 * it: its place in the stream, when, who asked for it ({@code sub} of its metadata) and its correlation id; and its
 * whole metadata as stored (sorted by key, values as text), for the export of a user's data.
 */
public record RecordedEvent(String streamId, long sequenceNumber, Instant at, PrefsEvent payload, String by,
                            String correlationId, Map<String, String> metaData) {

    /** The metadata key of the Idempotency-Key a command carried (the command side puts it on every event). */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    public RecordedEvent {
        metaData = Collections.unmodifiableMap(new TreeMap<>(metaData));
    }

    /** The Idempotency-Key of the request that made it, or null. */
    public String idempotencyKey() {
        return metaData.get(IDEMPOTENCY_KEY);
    }

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
                metaData(message, "sub"), metaData(message, "correlationId"), metaData(message));
    }

    private static Map<String, String> metaData(DomainEventMessage<?> message) {
        Map<String, String> all = new TreeMap<>();
        message.getMetaData().forEach((key, value) -> all.put(key, String.valueOf(value)));
        return all;
    }

    private static String metaData(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
