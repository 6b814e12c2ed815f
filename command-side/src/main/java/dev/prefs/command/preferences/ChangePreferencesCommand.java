package dev.prefs.command.preferences;

import dev.prefs.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change any subset of the user's explicit values ({@link ValuesChange}: a field it names set to null inherits
 * again). {@code movesTenant} says the patch named {@code tenantId}, which only an admin may: the user moves there
 * ({@code null}: to no tenant).
 */
record ChangePreferencesCommand(@TargetAggregateIdentifier String userId, ValuesChange values, boolean movesTenant,
                                String tenantId, ExpectedVersion expectedVersion, Caller caller)
        implements PreferencesCommand {

    @Override
    public Operation operation() {
        return Operation.CHANGE;
    }
}
