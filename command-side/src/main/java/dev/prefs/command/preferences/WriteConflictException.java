package dev.prefs.command.preferences;

/** Other processes kept appending to the same preferences while this command was being retried. */
class WriteConflictException extends RuntimeException {

    WriteConflictException(int attempts, Throwable lastFailure) {
        super("The preferences kept changing concurrently; gave up after " + attempts + " attempts", lastFailure);
    }
}
