package dev.prefs.command.preferences;

import java.util.List;

/** The request or its values broke the rules; every broken rule is listed so a client can fix them all at once. */
class InvalidPreferencesException extends RuntimeException {

    private final List<InvalidField> errors;

    InvalidPreferencesException(List<InvalidField> errors) {
        super("Invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    InvalidPreferencesException(InvalidField error) {
        this(List.of(error));
    }

    List<InvalidField> errors() {
        return errors;
    }
}
