package dev.prefs.command.preferences;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change any subset of the user's preferences; a null value (or {@link NotificationsChange#NONE}) leaves that field
 * as it is. Setting a field back to its default is an ordinary change to the default value.
 */
record ChangePreferencesCommand(@TargetAggregateIdentifier String userId, String theme, String language,
                                NotificationsChange notifications, ExpectedVersion expectedVersion)
        implements PreferencesCommand {
}
