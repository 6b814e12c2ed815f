package dev.prefs.query.changes;

import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.Resolution;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A user's effective values as the feed reports them, resolved by {@link Resolution}, and what moved between two. */
final class EffectiveValues {

    /** Derived from the effective channels, as in a user's GET. */
    static final String NOTIFICATIONS_ENABLED = "notificationsEnabled";

    /** One field's move. */
    record FieldChange(Object from, Object to) {
    }

    private EffectiveValues() {
    }

    /**
     * The effective value of every field (wire names) and {@value #NOTIFICATIONS_ENABLED}, or null when the user's
     * preferences do not exist ({@code user} null or deleted). {@code tenant} is the user's tenant's layer.
     */
    static Map<String, Object> of(FeedLayer system, FeedLayer tenant, FeedUser user) {
        if (user == null || !user.present()) {
            return null;
        }
        PreferenceValues tenantValues = tenant == null ? PreferenceValues.NONE : tenant.values();
        PreferenceValues effective = Resolution.effective(system.values(), tenantValues,
                tenant == null ? java.util.Set.of() : tenant.enforced(), user.explicit());
        Map<String, Object> values = new LinkedHashMap<>();
        for (PreferenceField field : PreferenceField.values()) {
            values.put(field.wire(), effective.get(field));
        }
        values.put(NOTIFICATIONS_ENABLED, Boolean.TRUE.equals(effective.notifications().email())
                                          || Boolean.TRUE.equals(effective.notifications().push())
                                          || Boolean.TRUE.equals(effective.notifications().sms()));
        return values;
    }

    /**
     * The fields whose value differs, in field order; {@code null} on one side (no preferences) makes every field a
     * change from or to null. Empty when nothing moved.
     */
    static Map<String, FieldChange> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        if (before == null && after == null) {
            return changes;
        }
        Map<String, Object> fields = before != null ? before : after;
        for (String field : fields.keySet()) {
            Object from = before == null ? null : before.get(field);
            Object to = after == null ? null : after.get(field);
            if (!Objects.equals(from, to)) {
                changes.put(field, new FieldChange(from, to));
            }
        }
        return changes;
    }
}
