package dev.prefs.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The preference fields that layers resolve independently (system, tenant, user, tenant-enforced). {@link #wire()}
 * is the name in JSON ({@code sources}, {@code enforced}, {@code explain}) and in events. {@code notificationsEnabled}
 * is not one of them: it derives from the three channels.
 */
public enum PreferenceField {
    THEME("theme"), LANGUAGE("language"), EMAIL("notifications.email"), PUSH("notifications.push"),
    SMS("notifications.sms");

    private final String wire;

    PreferenceField(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The field named {@code value} exactly, or an {@link InvalidValueException} naming the allowed ones. */
    @JsonCreator
    public static PreferenceField fromWire(String value) {
        for (PreferenceField field : values()) {
            if (field.wire.equals(value)) {
                return field;
            }
        }
        throw new InvalidValueException("enforced", "names a field that is not one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(PreferenceField::wire).collect(Collectors.joining(", "));
    }
}
