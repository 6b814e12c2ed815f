package dev.prefs.command.preferences;

/** The caller's {@code If-Match} does not hold for the current version. */
public class VersionMismatchException extends RuntimeException {

    VersionMismatchException(ExpectedVersion expected, long currentVersion, boolean exists) {
        super(exists
                ? "If-Match " + expected + " does not match the current version \"" + currentVersion + "\""
                : "If-Match " + expected + " cannot match preferences that do not exist");
    }

    /** For a layer of defaults (a tenant's, the system's): {@code currentVersion} 0 means it was never set. */
    public VersionMismatchException(ExpectedVersion expected, long currentVersion, String layer) {
        super(currentVersion > 0
                ? "If-Match " + expected + " does not match the current version \"" + currentVersion + "\" of " + layer
                : "If-Match " + expected + " cannot match: " + layer + " were never set");
    }
}
