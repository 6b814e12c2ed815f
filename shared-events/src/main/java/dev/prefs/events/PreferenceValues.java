package dev.prefs.events;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values one layer holds, field by field; a {@code null} field holds nothing and inherits from the layer
 * below. A user's explicit values, a tenant's defaults and the system defaults all have this shape. Values are
 * {@code String} for theme and language, {@code Boolean} for the channels.
 */
public record PreferenceValues(String theme, String language, ChannelChoices notifications) {

    /** A layer that sets nothing. */
    public static final PreferenceValues NONE = new PreferenceValues(null, null, ChannelChoices.NONE);

    /** The system defaults until an admin changes them. */
    public static final PreferenceValues BUILT_IN = new PreferenceValues(PreferenceDefaults.THEME,
            PreferenceDefaults.LANGUAGE, ChannelChoices.of(PreferenceDefaults.NOTIFICATIONS));

    public PreferenceValues {
        notifications = Objects.requireNonNullElse(notifications, ChannelChoices.NONE);
    }

    /** The value of {@code field} here, or null where this layer holds none. */
    public Object get(PreferenceField field) {
        return switch (field) {
            case THEME -> theme;
            case LANGUAGE -> language;
            case EMAIL -> notifications.email();
            case PUSH -> notifications.push();
            case SMS -> notifications.sms();
        };
    }

    /** These values with {@code field} set to {@code value} ({@code null}: holds none). */
    public PreferenceValues with(PreferenceField field, Object value) {
        ChannelChoices n = notifications;
        return switch (field) {
            case THEME -> new PreferenceValues((String) value, language, n);
            case LANGUAGE -> new PreferenceValues(theme, (String) value, n);
            case EMAIL -> new PreferenceValues(theme, language, new ChannelChoices((Boolean) value, n.push(), n.sms()));
            case PUSH -> new PreferenceValues(theme, language, new ChannelChoices(n.email(), (Boolean) value, n.sms()));
            case SMS -> new PreferenceValues(theme, language, new ChannelChoices(n.email(), n.push(), (Boolean) value));
        };
    }

    /** The fields this layer holds a value for, with their values. */
    public Map<PreferenceField, Object> set() {
        Map<PreferenceField, Object> set = new EnumMap<>(PreferenceField.class);
        for (PreferenceField field : PreferenceField.values()) {
            Object value = get(field);
            if (value != null) {
                set.put(field, value);
            }
        }
        return set;
    }

    public boolean setsNothing() {
        return set().isEmpty();
    }
}
