package dev.prefs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads release 1's events, which carried one {@code notificationsEnabled} switch, as revision 2, which carries the
 * channels: {@code email} and {@code push} equal to the switch, {@code sms} false (the contract's meaning of
 * preferences created before channels existed). Stored events are never rewritten: every reader (aggregates,
 * processors, rebuilds, history) upcasts them on the way in, so all of them see only revision 2.
 */
public final class NotificationChannelsUpcaster extends SingleEventUpcaster {

    static final String OLD_FIELD = "notificationsEnabled";
    static final String NEW_FIELD = "notifications";
    private static final String FROM_REVISION = "1";
    private static final String TO_REVISION = "2";
    private static final Set<String> TYPES = Set.of(PreferencesCreatedEvent.class.getName(),
            NotificationsChangedEvent.class.getName(), PreferencesResetEvent.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPES.contains(representation.getType().getName())
               && FROM_REVISION.equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(representation.getType().getName(), TO_REVISION),
                JsonNode.class, NotificationChannelsUpcaster::toChannels);
    }

    private static JsonNode toChannels(JsonNode payload) {
        ObjectNode event = ((ObjectNode) payload).deepCopy();
        JsonNode enabled = event.remove(OLD_FIELD);
        if (enabled == null || !enabled.isBoolean()) {
            throw new IllegalArgumentException("A revision 1 preferences event without a boolean " + OLD_FIELD
                                               + ": " + payload);
        }
        NotificationChannels channels = NotificationChannels.fromSwitch(enabled.booleanValue());
        event.putObject(NEW_FIELD)
             .put("email", channels.email())
             .put("push", channels.push())
             .put("sms", channels.sms());
        return event;
    }
}
