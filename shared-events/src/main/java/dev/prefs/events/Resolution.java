package dev.prefs.events;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The one rule of layered defaults, per field: a value the tenant enforces, else the user's explicit value, else the
 * tenant's default, else the system's. The system layer always holds a value for every field. A read model that
 * resolves in SQL must give what {@link #resolve} gives (the query side's tests compare them).
 */
public final class Resolution {

    /** One field's effective value and the layer it came from. */
    public record Resolved(Object value, Layer source) {
    }

    private Resolution() {
    }

    /**
     * Every field resolved. {@code tenant} may be {@link PreferenceValues#NONE} (no tenant, or one without defaults);
     * {@code enforced} are the tenant's enforced fields (each has a tenant default, which the tenant aggregate
     * guarantees).
     */
    public static Map<PreferenceField, Resolved> resolve(PreferenceValues system, PreferenceValues tenant,
                                                         Set<PreferenceField> enforced, PreferenceValues user) {
        Map<PreferenceField, Resolved> resolved = new EnumMap<>(PreferenceField.class);
        for (PreferenceField field : PreferenceField.values()) {
            resolved.put(field, resolve(field, system, tenant, enforced, user));
        }
        return resolved;
    }

    public static Resolved resolve(PreferenceField field, PreferenceValues system, PreferenceValues tenant,
                                   Set<PreferenceField> enforced, PreferenceValues user) {
        Object tenantValue = tenant.get(field);
        if (enforced.contains(field) && tenantValue != null) {
            return new Resolved(tenantValue, Layer.TENANT_ENFORCED);
        }
        Object userValue = user.get(field);
        if (userValue != null) {
            return new Resolved(userValue, Layer.USER);
        }
        if (tenantValue != null) {
            return new Resolved(tenantValue, Layer.TENANT);
        }
        Object systemValue = system.get(field);
        if (systemValue == null) {
            throw new IllegalArgumentException("The system layer holds no value for " + field.wire());
        }
        return new Resolved(systemValue, Layer.SYSTEM);
    }

    /** The effective values as one {@link PreferenceValues} with every field set. */
    public static PreferenceValues effective(PreferenceValues system, PreferenceValues tenant,
                                             Set<PreferenceField> enforced, PreferenceValues user) {
        PreferenceValues effective = PreferenceValues.NONE;
        for (var entry : resolve(system, tenant, enforced, user).entrySet()) {
            effective = effective.with(entry.getKey(), entry.getValue().value());
        }
        return effective;
    }
}
