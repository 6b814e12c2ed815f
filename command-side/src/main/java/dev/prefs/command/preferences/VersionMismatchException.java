package dev.prefs.command.preferences;

/** The caller's {@code If-Match} does not hold for the current version. */
class VersionMismatchException extends RuntimeException {

    VersionMismatchException(ExpectedVersion expected, long currentVersion, boolean exists) {
        super(exists
                ? "If-Match " + expected + " does not match the current version \"" + currentVersion + "\""
                : "If-Match " + expected + " cannot match preferences that do not exist");
    }
}
