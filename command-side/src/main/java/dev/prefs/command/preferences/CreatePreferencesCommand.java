package dev.prefs.command.preferences;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create the user's preferences; a null value (or {@link NotificationsChange#NONE}) means the default. */
record CreatePreferencesCommand(@TargetAggregateIdentifier String userId, String theme, String language,
                                NotificationsChange notifications, ExpectedVersion expectedVersion)
        implements PreferencesCommand {
}
