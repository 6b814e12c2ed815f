package dev.prefs.query.timeline;

import dev.prefs.events.Layer;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.Resolution;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The three layers of one user at one instant: the user's own, their tenant's at that instant (a tenant layer that
 * sets nothing when they had no tenant, or their tenant had no defaults yet) and the system's. What they resolve to
 * is {@link Resolution}'s to decide, nobody else's.
 */
public record LayersAt(UserLayer user, DefaultsLayer tenant, DefaultsLayer system) {

    /** One field: its effective value, where it comes from, the event that set it and every value it hides. */
    public record Explained(Object value, Layer source, SetBy setBy, List<Shadowed> shadowed) {
    }

    /** A layer's value that the winning one hides, and the event that set it (null for a built-in system value). */
    public record Shadowed(Layer source, Object value, SetBy setBy) {
    }

    public Map<PreferenceField, Resolution.Resolved> resolved() {
        return Resolution.resolve(system.values(), tenant.values(), tenant.enforced(), user.values());
    }

    /** The effective values, every field set. */
    public PreferenceValues effective() {
        return Resolution.effective(system.values(), tenant.values(), tenant.enforced(), user.values());
    }

    /**
     * Every field explained. The layers that hide a value are every other layer holding one for the field, highest
     * first: under an enforced value the user's own choice (kept, not applied), under the user's the tenant's, and
     * the system's under all others.
     */
    public Map<PreferenceField, Explained> explain() {
        Map<PreferenceField, Explained> fields = new EnumMap<>(PreferenceField.class);
        resolved().forEach((field, resolved) -> fields.put(field, explain(field, resolved)));
        return fields;
    }

    private Explained explain(PreferenceField field, Resolution.Resolved resolved) {
        List<Shadowed> shadowed = new ArrayList<>();
        Object userValue = user.values().get(field);
        if (resolved.source() != Layer.USER && userValue != null) {
            shadowed.add(new Shadowed(Layer.USER, userValue, userSetBy(field)));
        }
        Object tenantValue = tenant.values().get(field);
        boolean tenantWins = resolved.source() == Layer.TENANT || resolved.source() == Layer.TENANT_ENFORCED;
        if (!tenantWins && tenantValue != null) {
            shadowed.add(new Shadowed(Layer.TENANT, tenantValue, tenant.valueSetBy(field)));
        }
        if (resolved.source() != Layer.SYSTEM) {
            shadowed.add(new Shadowed(Layer.SYSTEM, system.values().get(field), system.valueSetBy(field)));
        }
        SetBy setBy = switch (resolved.source()) {
            case TENANT_ENFORCED -> tenant.enforcedSetBy(field);
            case USER -> userSetBy(field);
            case TENANT -> tenant.valueSetBy(field);
            case SYSTEM -> system.valueSetBy(field);
        };
        return new Explained(resolved.value(), resolved.source(), setBy, List.copyOf(shadowed));
    }

    private SetBy userSetBy(PreferenceField field) {
        return SetBy.of("user", user.userId(), user.setBy().get(field));
    }
}
