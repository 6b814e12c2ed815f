package dev.prefs.command.preferences;

/** What a command request was answered: the status and the version; {@code replayed} for a repeated key. */
public record CommandAnswer(int status, long version, boolean replayed) {
}
