package dev.prefs.command.defaults;

import dev.prefs.command.preferences.ExpectedVersion;
import dev.prefs.command.preferences.KeyedCommand;
import dev.prefs.command.preferences.Operation;
import dev.prefs.command.preferences.ValuesChange;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A merge patch of the system defaults; a field set to null returns to its built-in value. */
record ChangeSystemDefaultsCommand(@TargetAggregateIdentifier String streamId, ValuesChange values,
                                   ExpectedVersion expectedVersion, Caller caller) implements KeyedCommand {

    ChangeSystemDefaultsCommand(ValuesChange values, ExpectedVersion expectedVersion, Caller caller) {
        this(SystemDefaultsChangedEvent.STREAM, values, expectedVersion, caller);
    }

    /** The stream id, whose {@code /} no user id has. */
    @Override
    public String keyScope() {
        return SystemDefaultsChangedEvent.STREAM;
    }

    @Override
    public Operation operation() {
        return Operation.CHANGE;
    }
}
