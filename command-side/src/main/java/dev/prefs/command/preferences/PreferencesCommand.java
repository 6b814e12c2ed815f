package dev.prefs.command.preferences;

import dev.prefs.platform.security.Caller;

/**
 * A command to the {@code UserPreferences} aggregate of one user. {@code expectedVersion} is the caller's
 * {@code If-Match}, or null when it set none; {@code caller} is who sends it, which the aggregate needs to decide
 * whether a tenant admin may touch this user (only the aggregate knows the user's tenant).
 */
sealed interface PreferencesCommand extends KeyedCommand
        permits CreatePreferencesCommand, ChangePreferencesCommand, ResetPreferencesCommand, DeletePreferencesCommand {

    String userId();

    Caller caller();

    @Override
    default String keyScope() {
        return userId();
    }
}
