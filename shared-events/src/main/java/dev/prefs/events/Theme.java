package dev.prefs.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The themes a user can choose; {@link #wire()} is the value in events and JSON. */
public enum Theme {
    DARK("dark"), LIGHT("light"), SYSTEM("system");

    private final String wire;

    Theme(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The theme named {@code value}, exactly as written (no case folding), or an {@link InvalidValueException}. */
    public static Theme fromWire(String value) {
        for (Theme theme : values()) {
            if (theme.wire.equals(value)) {
                return theme;
            }
        }
        throw new InvalidValueException("theme", "must be one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Theme::wire).collect(Collectors.joining(", "));
    }
}
