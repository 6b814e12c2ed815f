package dev.prefs.command.preferences;

/**
 * A command to the {@code UserPreferences} aggregate of one user. {@code expectedVersion} is the caller's
 * {@code If-Match}, or null when it set none.
 */
sealed interface PreferencesCommand
        permits CreatePreferencesCommand, ChangePreferencesCommand, ResetPreferencesCommand, DeletePreferencesCommand {

    String userId();

    ExpectedVersion expectedVersion();
}
