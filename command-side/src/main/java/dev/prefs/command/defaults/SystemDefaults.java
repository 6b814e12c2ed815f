package dev.prefs.command.defaults;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.prefs.command.preferences.CommandRefusedException;
import dev.prefs.command.preferences.VersionMismatchException;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.SystemDefaultsChangedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The system layer, in stream {@code system/defaults}: a value for every field, the built-in ones
 * ({@link PreferenceValues#BUILT_IN}) until an admin first changes them (version 0 until then). A field patched to
 * null returns to its built-in value.
 */
@Aggregate(type = "SystemDefaults")
class SystemDefaults {

    @AggregateIdentifier
    private String streamId;
    private PreferenceValues defaults = PreferenceValues.BUILT_IN;
    private long version;

    SystemDefaults() {
        // Axon creates the instance, then folds the events into it.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(ChangeSystemDefaultsCommand command) {
        if (!command.caller().admin()) {
            throw CommandRefusedException.forbidden("Only an admin may change the system defaults");
        }
        if (command.expectedVersion() != null
            && (version == 0 || !command.expectedVersion().matches(version))) {
            throw new VersionMismatchException(command.expectedVersion(), version, "the system defaults");
        }
        PreferenceValues changed = command.values().validated().applyTo(defaults);
        for (PreferenceField field : PreferenceField.values()) {
            if (changed.get(field) == null) {
                changed = changed.with(field, PreferenceValues.BUILT_IN.get(field));
            }
        }
        if (!changed.equals(defaults)) {
            apply(new SystemDefaultsChangedEvent(changed));
        }
        return version;
    }

    @EventSourcingHandler
    void on(SystemDefaultsChangedEvent event) {
        streamId = event.streamId();
        defaults = event.defaults();
        version++;
    }
}
