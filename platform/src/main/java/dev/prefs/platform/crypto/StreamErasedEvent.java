package dev.prefs.platform.crypto;

/**
 * Appended, in clear, to a user's pseudonymous stream when the user is erased: it says that the stream ends here,
 * and carries nothing personal (no user id, no value). No projection handles it.
 */
public record StreamErasedEvent() {
}
