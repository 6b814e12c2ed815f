package dev.prefs.command.preferences;

import dev.prefs.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Clear every explicit value of the user: everything inherits from the layers again. */
record ResetPreferencesCommand(@TargetAggregateIdentifier String userId, ExpectedVersion expectedVersion,
                               Caller caller) implements PreferencesCommand {

    @Override
    public Operation operation() {
        return Operation.RESET;
    }
}
