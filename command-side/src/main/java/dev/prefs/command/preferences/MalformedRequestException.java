package dev.prefs.command.preferences;

/** The body is not a JSON object (syntax error, duplicate key, trailing data, missing). */
class MalformedRequestException extends RuntimeException {

    MalformedRequestException(String message) {
        super(message);
    }
}
