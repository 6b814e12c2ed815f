package dev.prefs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads release 2's creations, resets and channel changes (revision 2) as revision 3 of the tenants release. Their
 * values were all set and stay the user's explicit values (the contract: preferences written before the release
 * keep their effective values); a creation gains {@code tenantId: null}. Runs after
 * {@link NotificationChannelsUpcaster}, so release 1's events go 1 → 2 → 3. Stored events are never rewritten.
 */
public final class TenantsReleaseUpcaster extends SingleEventUpcaster {

    private static final String FROM_REVISION = "2";
    private static final String TO_REVISION = "3";
    private static final Set<String> TYPES = Set.of(PreferencesCreatedEvent.class.getName(),
            NotificationsChangedEvent.class.getName(), PreferencesResetEvent.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPES.contains(representation.getType().getName())
               && FROM_REVISION.equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        boolean creation = PreferencesCreatedEvent.class.getName().equals(representation.getType().getName());
        return representation.upcastPayload(
                new SimpleSerializedType(representation.getType().getName(), TO_REVISION),
                JsonNode.class, payload -> creation ? withoutTenant(payload) : payload);
    }

    private static JsonNode withoutTenant(JsonNode payload) {
        ObjectNode event = ((ObjectNode) payload).deepCopy();
        event.putNull("tenantId");
        return event;
    }
}
