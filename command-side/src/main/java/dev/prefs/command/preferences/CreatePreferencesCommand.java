package dev.prefs.command.preferences;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create the user's preferences; a null value means the default. */
record CreatePreferencesCommand(@TargetAggregateIdentifier String userId, String theme, String language,
                                Boolean notificationsEnabled, ExpectedVersion expectedVersion)
        implements PreferencesCommand {
}
