package dev.prefs.command.preferences;

import dev.prefs.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Create the user's preferences with the explicit values {@code values} names (every other field inherits), in
 * tenant {@code tenantId} from the body, or when that is null in the caller's token's tenant.
 */
record CreatePreferencesCommand(@TargetAggregateIdentifier String userId, String tenantId, ValuesChange values,
                                ExpectedVersion expectedVersion, Caller caller) implements PreferencesCommand {

    @Override
    public Operation operation() {
        return Operation.CREATE;
    }
}
