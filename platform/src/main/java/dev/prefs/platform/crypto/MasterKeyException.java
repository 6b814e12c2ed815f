package dev.prefs.platform.crypto;

/** The master key is missing, malformed, or not the one the database's keys were wrapped with. */
public class MasterKeyException extends IllegalStateException {

    MasterKeyException(String message) {
        super(message);
    }
}
