package dev.prefs.command.preferences;

import dev.prefs.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete the user's preferences; creating them again later continues the same event stream. */
record DeletePreferencesCommand(@TargetAggregateIdentifier String userId, ExpectedVersion expectedVersion,
                                Caller caller) implements PreferencesCommand {

    @Override
    public Operation operation() {
        return Operation.DELETE;
    }
}
