package dev.prefs.events;

/** A value broke one of the rules in this package; {@link #field()} names the offending field for error reports. */
public class InvalidValueException extends IllegalArgumentException {

    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
