package dev.prefs.command.preferences;

/**
 * A command that an {@code Idempotency-Key} may accompany. {@code keyScope} is the namespace of its keys: a user's id
 * for a user, a string with a {@code /} for a layer (no user id contains one), so that a tenant's and a user's keys
 * never collide.
 */
public interface KeyedCommand {

    String keyScope();

    Operation operation();

    /** The caller's {@code If-Match}, or null when it sent none. */
    ExpectedVersion expectedVersion();
}
