package dev.prefs.command.preferences;

import dev.prefs.platform.problem.FieldError;
import java.util.List;

/** The request or its values broke the rules; every broken rule is listed so a client can fix them all at once. */
public class InvalidPreferencesException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidPreferencesException(List<FieldError> errors) {
        super("Invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    public InvalidPreferencesException(FieldError error) {
        this(List.of(error));
    }

    List<FieldError> errors() {
        return errors;
    }
}
