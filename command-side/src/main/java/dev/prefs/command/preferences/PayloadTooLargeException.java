package dev.prefs.command.preferences;

/** The body is longer than {@code prefs.command.max-body-size}. */
class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(long maxBytes) {
        super("The body must not be longer than " + maxBytes + " bytes");
    }
}
