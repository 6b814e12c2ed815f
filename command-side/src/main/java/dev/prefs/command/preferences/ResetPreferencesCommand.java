package dev.prefs.command.preferences;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Put every preference of the user back to its default. */
record ResetPreferencesCommand(@TargetAggregateIdentifier String userId, ExpectedVersion expectedVersion)
        implements PreferencesCommand {
}
