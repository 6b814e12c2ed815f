package dev.prefs.command.preferences;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.InvalidValueException;
import dev.prefs.events.LanguageTag;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.Theme;
import dev.prefs.platform.problem.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a merge patch asks of one layer's values (a user's explicit values, a tenant's or the system's defaults):
 * {@code fields} holds each field the patch names, with its new value or {@code null} for "hold no value here"; a
 * field it does not name stays. {@code notificationsEnabled} is the old switch ({@code null}: not sent), applied
 * before the named fields: {@code false} turns every channel off, {@code true} turns email and push on and leaves sms.
 */
public record ValuesChange(Boolean notificationsEnabled, Map<PreferenceField, Object> fields) {

    public static final ValuesChange NONE = new ValuesChange(null, Map.of());

    public ValuesChange {
        // An EnumMap, not Map.copyOf: a null value is a request ("inherit"), not a mistake.
        EnumMap<PreferenceField, Object> copy = new EnumMap<>(PreferenceField.class);
        copy.putAll(fields);
        fields = Collections.unmodifiableMap(copy);
    }

    /** This change, also setting {@code field} to {@code value} ({@code null}: no value). */
    public ValuesChange with(PreferenceField field, Object value) {
        EnumMap<PreferenceField, Object> more = new EnumMap<>(PreferenceField.class);
        more.putAll(fields);
        more.put(field, value);
        return new ValuesChange(notificationsEnabled, more);
    }

    /** This change with the switch set to {@code enabled}. */
    public ValuesChange switching(boolean enabled) {
        return new ValuesChange(enabled, fields);
    }

    /**
     * The same change with theme checked and language in canonical form, or an {@link InvalidPreferencesException}
     * naming every value that breaks its rule.
     */
    public ValuesChange validated() {
        List<FieldError> errors = new ArrayList<>();
        EnumMap<PreferenceField, Object> checked = new EnumMap<>(PreferenceField.class);
        fields.forEach((field, value) -> {
            try {
                checked.put(field, value == null ? null : switch (field) {
                    case THEME -> Theme.fromWire((String) value).wire();
                    case LANGUAGE -> LanguageTag.canonical((String) value);
                    case EMAIL, PUSH, SMS -> value;
                });
            } catch (InvalidValueException e) {
                errors.add(new FieldError(e.field(), e.getMessage()));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidPreferencesException(errors);
        }
        return new ValuesChange(notificationsEnabled, checked);
    }

    /** {@code current} after this change: the switch first (as the contract defines it), then the named fields. */
    public PreferenceValues applyTo(PreferenceValues current) {
        PreferenceValues values = current;
        if (notificationsEnabled != null) {
            ChannelChoices channels = current.notifications();
            values = new PreferenceValues(current.theme(), current.language(), notificationsEnabled
                    ? new ChannelChoices(true, true, channels.sms())
                    : new ChannelChoices(false, false, false));
        }
        for (Map.Entry<PreferenceField, Object> field : fields.entrySet()) {
            values = values.with(field.getKey(), field.getValue());
        }
        return values;
    }
}
