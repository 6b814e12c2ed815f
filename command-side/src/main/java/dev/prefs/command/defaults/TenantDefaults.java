package dev.prefs.command.defaults;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.prefs.command.preferences.CommandRefusedException;
import dev.prefs.command.preferences.VersionMismatchException;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.platform.problem.ProblemType;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One tenant's layer of defaults, in stream {@code tenant/<tenantId>}: the defaults it sets (null: inherit the
 * system's) and the fields it enforces over its users' own choices. Its first change creates it; until then it sets
 * nothing and is at version 0. Every enforced field has a default: a change that would break that is refused.
 */
@Aggregate(type = "TenantDefaults")
class TenantDefaults {

    @AggregateIdentifier
    private String streamId;
    private PreferenceValues defaults = PreferenceValues.NONE;
    private Set<PreferenceField> enforced = Set.of();
    private long version;

    TenantDefaults() {
        // Axon creates the instance, then folds the events into it.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(ChangeTenantDefaultsCommand command) {
        if (!command.caller().administers(command.tenantId())) {
            throw CommandRefusedException.forbidden("Only an admin or this tenant's admin may change its defaults");
        }
        if (command.expectedVersion() != null
            && (version == 0 || !command.expectedVersion().matches(version))) {
            throw new VersionMismatchException(command.expectedVersion(), version, "this tenant's defaults");
        }
        PreferenceValues newDefaults = command.values().validated().applyTo(defaults);
        EnumSet<PreferenceField> newEnforced = EnumSet.noneOf(PreferenceField.class);
        newEnforced.addAll(enforced);
        command.enforced().forEach((field, on) -> {
            if (on) {
                newEnforced.add(field);
            } else {
                newEnforced.remove(field);
            }
        });
        Set<PreferenceField> withoutDefault = newEnforced.stream().filter(field -> newDefaults.get(field) == null)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(PreferenceField.class)));
        if (!withoutDefault.isEmpty()) {
            throw new CommandRefusedException(ProblemType.ENFORCED_WITHOUT_DEFAULT, "The tenant would enforce "
                    + withoutDefault.stream().map(PreferenceField::wire).collect(Collectors.joining(", "))
                    + " without a default; set a default for each enforced field");
        }
        if (!newDefaults.equals(defaults) || !newEnforced.equals(enforced)) {
            apply(new TenantDefaultsChangedEvent(command.tenantId(), newDefaults, newEnforced));
        }
        return version;
    }

    @EventSourcingHandler
    void on(TenantDefaultsChangedEvent event) {
        streamId = event.streamId();
        defaults = event.defaults();
        enforced = event.enforced();
        version++;
    }
}
