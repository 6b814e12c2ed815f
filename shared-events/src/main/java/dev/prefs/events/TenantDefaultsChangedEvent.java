package dev.prefs.events;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.axonframework.serialization.Revision;

/**
 * A tenant's defaults became {@code defaults} (fields it does not set are null and inherit the system's), with
 * {@code enforced} the fields it enforces over its users' choices. Each enforced field has a default here.
 */
@Revision("1")
public record TenantDefaultsChangedEvent(String tenantId, PreferenceValues defaults, Set<PreferenceField> enforced)
        implements DefaultsEvent {

    public TenantDefaultsChangedEvent {
        Objects.requireNonNull(defaults, "defaults");
        enforced = enforced == null || enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
    }

    @Override
    public String streamId() {
        return TenantId.stream(tenantId);
    }
}
