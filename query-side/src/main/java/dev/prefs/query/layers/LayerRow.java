package dev.prefs.query.layers;

import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One defaults layer as a layered read model keeps it: a tenant's ({@code tenantId} set) or the system's
 * ({@code tenantId} null), its values (a null field: the layer sets none), the fields it enforces (tenants only),
 * and its version (the layer's event count, which a user's ETag carries).
 */
public record LayerRow(String streamId, String tenantId, PreferenceValues defaults, Set<PreferenceField> enforced,
                       long version, Instant updatedAt) implements LayeredRow {

    public LayerRow {
        Objects.requireNonNull(defaults, "defaults");
        enforced = enforced == null || enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
    }

    @Override
    public String userId() {
        return streamId;
    }
}
