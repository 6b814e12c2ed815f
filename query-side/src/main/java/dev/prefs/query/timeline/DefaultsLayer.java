package dev.prefs.query.timeline;

import dev.prefs.events.DefaultsEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A defaults layer (a tenant's, or the system's) after some of its events: its values, the fields it enforces (a
 * tenant only), its version (0 before any event), and per field the event that gave it its value and the event
 * since which it is enforced. The system layer starts as {@link PreferenceValues#BUILT_IN}, which no event set.
 *
 * @param layer {@code tenant} or {@code system}
 * @param id    the tenant id, or {@code system}
 */
public record DefaultsLayer(String layer, String id, PreferenceValues values, Set<PreferenceField> enforced,
                            long version, Map<PreferenceField, RecordedEvent> valueSetBy,
                            Map<PreferenceField, RecordedEvent> enforcedBy) {

    public static final String TENANT = "tenant";
    public static final String SYSTEM = "system";

    public DefaultsLayer {
        enforced = enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
        valueSetBy = Map.copyOf(valueSetBy);
        enforcedBy = Map.copyOf(enforcedBy);
    }

    /** A tenant before its first event: it sets nothing, every field inherits the system's. */
    public static DefaultsLayer tenant(String tenantId) {
        return new DefaultsLayer(TENANT, tenantId, PreferenceValues.NONE, Set.of(), 0, Map.of(), Map.of());
    }

    /** The system layer before its first event: the built-in defaults. */
    public static DefaultsLayer system() {
        return new DefaultsLayer(SYSTEM, SYSTEM, PreferenceValues.BUILT_IN, Set.of(), 0, Map.of(), Map.of());
    }

    /** The layer once {@code event}, its next event, is applied; each event carries the layer's whole state. */
    public DefaultsLayer apply(RecordedEvent event) {
        Set<PreferenceField> nextEnforced;
        if (event.payload() instanceof TenantDefaultsChangedEvent e && TENANT.equals(layer)) {
            nextEnforced = e.enforced();
        } else if (event.payload() instanceof SystemDefaultsChangedEvent && SYSTEM.equals(layer)) {
            nextEnforced = Set.of();
        } else {
            throw new IllegalArgumentException(event.type() + " is not an event of the " + layer + " layer " + id);
        }
        PreferenceValues next = ((DefaultsEvent) event.payload()).defaults();
        Map<PreferenceField, RecordedEvent> nextEnforcedBy = new EnumMap<>(PreferenceField.class);
        for (PreferenceField field : nextEnforced) {
            nextEnforcedBy.put(field, enforced.contains(field) ? enforcedBy.get(field) : event);
        }
        return new DefaultsLayer(layer, id, next, nextEnforced, event.version(),
                UserLayer.changed(values, valueSetBy, next, event), nextEnforcedBy);
    }

    /** The event that set {@code field}'s value here, or null (no value, or the built-in system value). */
    public SetBy valueSetBy(PreferenceField field) {
        return SetBy.of(layer, id, valueSetBy.get(field));
    }

    /**
     * The event since which {@code field} resolves to this layer's enforced value: the later of the one that set the
     * value and the one that began enforcing it.
     */
    public SetBy enforcedSetBy(PreferenceField field) {
        RecordedEvent value = valueSetBy.get(field);
        RecordedEvent enforcement = enforcedBy.get(field);
        RecordedEvent later = value == null ? enforcement
                : enforcement == null || value.version() >= enforcement.version() ? value : enforcement;
        return SetBy.of(layer, id, later);
    }
}
