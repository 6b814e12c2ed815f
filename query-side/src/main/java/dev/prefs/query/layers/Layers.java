package dev.prefs.query.layers;

import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.Resolution;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The layers a read resolves with: the system's ({@code system} null until it was first changed: the built-in
 * values, version 0) and tenants' ({@code tenants} by tenant id; a tenant without defaults is absent). Resolution is
 * the one rule of {@link Resolution}.
 */
public record Layers(LayerRow system, Map<String, LayerRow> tenants) {

    public Layers {
        tenants = Map.copyOf(tenants);
    }

    public PreferenceValues systemValues() {
        return system == null ? PreferenceValues.BUILT_IN : system.defaults();
    }

    public long systemVersion() {
        return system == null ? 0 : system.version();
    }

    /** {@code tenantId}'s layer, or null (no tenant, or no defaults yet). */
    public LayerRow tenant(String tenantId) {
        return tenantId == null ? null : tenants.get(tenantId);
    }

    public long tenantVersion(String tenantId) {
        LayerRow tenant = tenant(tenantId);
        return tenant == null ? 0 : tenant.version();
    }

    /** Every field of a user of {@code tenantId} with {@code explicit} values, resolved. */
    public Map<PreferenceField, Resolution.Resolved> resolve(String tenantId, PreferenceValues explicit) {
        LayerRow tenant = tenant(tenantId);
        return Resolution.resolve(systemValues(), tenant == null ? PreferenceValues.NONE : tenant.defaults(),
                tenant == null ? Set.of() : tenant.enforced(), explicit);
    }

    /** These layers with {@code layer} in place of the one of its stream. */
    public Layers with(LayerRow layer) {
        if (layer.tenantId() == null) {
            return new Layers(layer, tenants);
        }
        Map<String, LayerRow> changed = new HashMap<>(tenants);
        changed.put(layer.tenantId(), layer);
        return new Layers(system, changed);
    }
}
