package dev.prefs.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an effective value comes from, highest first; {@link #wire()} is its name in {@code sources} and explain. */
public enum Layer {
    TENANT_ENFORCED("tenant-enforced"), USER("user"), TENANT("tenant"), SYSTEM("system");

    private final String wire;

    Layer(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
