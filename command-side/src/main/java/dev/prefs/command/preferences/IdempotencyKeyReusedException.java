package dev.prefs.command.preferences;

/** An Idempotency-Key came back with a different request than the one it was first used for. */
class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key " + key + " was already used for a different request on these preferences");
    }
}
