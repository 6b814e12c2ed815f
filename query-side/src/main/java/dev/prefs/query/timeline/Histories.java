package dev.prefs.query.timeline;

import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The histories: per event, which fields of a layer it changed. Values are the layer's own (a user's explicit
 * value, a tenant's default), null where it holds none and inherits. A user's fields are {@code tenantId} and the
 * five preference fields by their wire names; a creation or a deletion lists every one of them (from or to null:
 * the preferences did not exist). A defaults layer's fields are the five, plus {@code enforced} (the list of
 * enforced fields) for a tenant.
 */
public final class Histories {

    static final String TENANT_ID = "tenantId";
    static final String ENFORCED = "enforced";

    private Histories() {
    }

    /** Every change of a user's layer, oldest first; empty if they were never created. */
    public static List<HistoryChange> user(String userId, List<RecordedEvent> events) {
        List<HistoryChange> changes = new ArrayList<>();
        UserLayer user = UserLayer.none(userId);
        for (RecordedEvent event : events) {
            UserLayer before = user;
            user = user.apply(event);
            boolean everyField = event.payload() instanceof PreferencesCreatedEvent
                                 || event.payload() instanceof PreferencesDeletedEvent;
            changes.add(change(event, diff(visible(before), visible(user), everyField)));
        }
        return changes;
    }

    /** Every change of a defaults layer, oldest first; the system's first is a change from the built-in values. */
    public static List<HistoryChange> defaults(DefaultsLayer initial, List<RecordedEvent> events) {
        List<HistoryChange> changes = new ArrayList<>();
        DefaultsLayer layer = initial;
        boolean tenant = DefaultsLayer.TENANT.equals(initial.layer());
        for (RecordedEvent event : events) {
            DefaultsLayer before = layer;
            layer = layer.apply(event);
            changes.add(change(event, diff(visible(before, tenant), visible(layer, tenant), false)));
        }
        return changes;
    }

    private static HistoryChange change(RecordedEvent event, Map<String, HistoryChange.FieldChange> changes) {
        return new HistoryChange(event.version(), event.type(), event.at(), changes, event.by(),
                event.correlationId());
    }

    private static Map<String, HistoryChange.FieldChange> diff(Map<String, Object> from, Map<String, Object> to,
                                                              boolean everyField) {
        Map<String, HistoryChange.FieldChange> changes = new LinkedHashMap<>();
        from.forEach((field, old) -> {
            if (everyField || !Objects.equals(old, to.get(field))) {
                changes.put(field, new HistoryChange.FieldChange(old, to.get(field)));
            }
        });
        return changes;
    }

    private static Map<String, Object> visible(UserLayer user) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(TENANT_ID, user.exists() ? user.tenantId() : null);
        fields.putAll(values(user.exists() ? user.values() : PreferenceValues.NONE));
        return fields;
    }

    private static Map<String, Object> visible(DefaultsLayer layer, boolean tenant) {
        Map<String, Object> fields = values(layer.values());
        if (tenant) {
            fields.put(ENFORCED, layer.enforced().stream().sorted().map(PreferenceField::wire).toList());
        }
        return fields;
    }

    private static Map<String, Object> values(PreferenceValues values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (PreferenceField field : PreferenceField.values()) {
            fields.put(field.wire(), values.get(field));
        }
        return fields;
    }
}
