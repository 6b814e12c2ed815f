package dev.prefs.events;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The system defaults became {@code defaults}; every field is set (the system layer always has a value). */
@Revision("1")
public record SystemDefaultsChangedEvent(PreferenceValues defaults) implements DefaultsEvent {

    /** The one stream of the system layer; its {@code /} keeps it apart from every user and tenant id. */
    public static final String STREAM = "system/defaults";

    public SystemDefaultsChangedEvent {
        Objects.requireNonNull(defaults, "defaults");
        if (defaults.set().size() != PreferenceField.values().length) {
            throw new IllegalArgumentException("The system layer must set every field: " + defaults);
        }
    }

    @Override
    public String streamId() {
        return STREAM;
    }
}
