package dev.prefs.command.preferences;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete the user's preferences; creating them again later continues the same event stream. */
record DeletePreferencesCommand(@TargetAggregateIdentifier String userId, ExpectedVersion expectedVersion)
        implements PreferencesCommand {
}
