package dev.prefs.platform.crypto;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** A missing or wrong master key stops start-up with the reason and the fix, not a stack trace. */
class MasterKeyFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MasterKeyException) {
                return new FailureAnalysis(cause.getMessage(),
                        "Set PREFS_MASTER_KEY to the base64 form of the 32-byte master key this database was set up "
                        + "with (a new database: openssl rand -base64 32, and keep it safe: without it no personal "
                        + "data can be read). During a rotation, PREFS_MASTER_KEY is the new key and "
                        + "PREFS_MASTER_KEY_PREVIOUS the old one.", cause);
            }
        }
        return null;
    }
}
