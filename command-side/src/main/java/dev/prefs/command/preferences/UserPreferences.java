package dev.prefs.command.preferences;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.prefs.events.InvalidValueException;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.TenantId;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.events.UserId;
import dev.prefs.platform.problem.FieldError;
import dev.prefs.platform.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One user's preferences, identified by the user id: the values the user chose explicitly (a null field inherits
 * from the tenant and system layers, which the query side resolves) and the tenant the user belongs to. Command
 * handlers check the rules and apply events; state changes only when an event is applied. Every handler answers the
 * version after it ran: the number of events, which is the ETag clients see. Its fields are also its snapshot
 * (JSON): a change of their meaning needs a new {@code @Revision} (revision 3: explicit values and the tenant;
 * snapshots of another revision are ignored and the aggregate is folded from its events).
 * <p>
 * A delete is a state, not the end of the stream (no {@code markDeleted()}): a later create continues the same
 * stream, so the version keeps counting and the history stays in one place. A deleted user keeps its tenant here, so
 * only that tenant's admin learns that it was deleted.
 */
@Aggregate(type = "UserPreferences", snapshotTriggerDefinition = UserPreferencesSnapshots.TRIGGER,
        cache = UserPreferencesCache.CACHE)
@Revision("3")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class UserPreferences {

    @AggregateIdentifier
    private String userId;
    private boolean exists;
    private String tenantId;
    private PreferenceValues values;
    private long version;

    UserPreferences() {
        // Axon creates the instance, then folds the events into it.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(CreatePreferencesCommand command) {
        Caller caller = command.caller();
        if (exists) {
            requireMayTouch(command);
            throw new PreferencesAlreadyExistException(command.userId());
        }
        String tenant = command.tenantId() == null ? caller.tenant() : command.tenantId();
        if (command.tenantId() != null && !command.tenantId().equals(caller.tenant()) && !caller.admin()) {
            throw CommandRefusedException.forbidden("Only an admin may create preferences in a tenant other than "
                                                    + "the token's tenant claim");
        }
        if (!caller.mayTouchUser(command.userId(), tenant)) {
            throw CommandRefusedException.forbidden("A tenant admin may create preferences only in their own tenant");
        }
        if (command.expectedVersion() != null) {
            // RFC 9110: If-Match never holds without a current representation, and create needs there to be none.
            throw new VersionMismatchException(command.expectedVersion(), version, false);
        }
        PreferenceValues explicit = validated(command.values(), command.userId(), command.tenantId())
                .applyTo(PreferenceValues.NONE);
        apply(new PreferencesCreatedEvent(command.userId(), tenant, explicit.theme(), explicit.language(),
                explicit.notifications()));
        return version;
    }

    @CommandHandler
    long handle(ChangePreferencesCommand command) {
        requireExisting(command);
        if (command.movesTenant()) {
            if (!command.caller().admin()) {
                throw CommandRefusedException.forbidden("Only an admin may move a user to another tenant");
            }
        }
        PreferenceValues changed = validated(command.values(), null, command.tenantId()).applyTo(values);
        if (!Objects.equals(changed.theme(), values.theme())) {
            apply(new ThemeChangedEvent(userId, changed.theme()));
        }
        if (!Objects.equals(changed.language(), values.language())) {
            apply(new LanguageChangedEvent(userId, changed.language()));
        }
        if (!changed.notifications().equals(values.notifications())) {
            apply(new NotificationsChangedEvent(userId, changed.notifications()));
        }
        if (command.movesTenant() && !Objects.equals(command.tenantId(), tenantId)) {
            apply(new PreferencesMovedEvent(userId, command.tenantId()));
        }
        return version;
    }

    /** Preferences that hold no explicit value stay as they are: like a change that changes nothing. */
    @CommandHandler
    long handle(ResetPreferencesCommand command) {
        requireExisting(command);
        if (!values.setsNothing()) {
            apply(PreferencesResetEvent.clearing(userId));
        }
        return version;
    }

    @CommandHandler
    long handle(DeletePreferencesCommand command) {
        requireExisting(command);
        apply(new PreferencesDeletedEvent(userId));
        return version;
    }

    @EventSourcingHandler
    void on(PreferencesCreatedEvent event) {
        userId = event.userId();
        exists = true;
        tenantId = event.tenantId();
        values = event.values();
        version++;
    }

    @EventSourcingHandler
    void on(ThemeChangedEvent event) {
        values = values.with(PreferenceField.THEME, event.theme());
        version++;
    }

    @EventSourcingHandler
    void on(LanguageChangedEvent event) {
        values = values.with(PreferenceField.LANGUAGE, event.language());
        version++;
    }

    @EventSourcingHandler
    void on(NotificationsChangedEvent event) {
        values = new PreferenceValues(values.theme(), values.language(), event.notifications());
        version++;
    }

    @EventSourcingHandler
    void on(PreferencesResetEvent event) {
        values = event.values();
        version++;
    }

    @EventSourcingHandler
    void on(PreferencesMovedEvent event) {
        tenantId = event.tenantId();
        version++;
    }

    @EventSourcingHandler
    void on(PreferencesDeletedEvent event) {
        exists = false;
        version++;
    }

    /** Who may touch comes first: a caller who may not learns nothing, not even whether the preferences exist. */
    private void requireExisting(PreferencesCommand command) {
        requireMayTouch(command);
        if (!exists) {
            throw new PreferencesNotFoundException(command.userId());
        }
        if (command.expectedVersion() != null && !command.expectedVersion().matchesUserVersion(version)) {
            throw new VersionMismatchException(command.expectedVersion(), version, true);
        }
    }

    private void requireMayTouch(PreferencesCommand command) {
        if (!command.caller().mayTouchUser(command.userId(), tenantId)) {
            throw CommandRefusedException.forbidden("A tenant admin may touch only the preferences of their own "
                                                    + "tenant's users");
        }
    }

    /** The change validated, or one refusal listing every broken rule, of the ids (where not null) and the values. */
    private static ValuesChange validated(ValuesChange change, String userId, String tenantId) {
        List<FieldError> errors = new ArrayList<>();
        check(errors, userId, UserId::require);
        check(errors, tenantId, TenantId::require);
        try {
            ValuesChange checked = change.validated();
            if (errors.isEmpty()) {
                return checked;
            }
        } catch (InvalidPreferencesException e) {
            errors.addAll(e.errors());
        }
        throw new InvalidPreferencesException(errors);
    }

    private static void check(List<FieldError> errors, String value, Consumer<String> rule) {
        try {
            if (value != null) {
                rule.accept(value);
            }
        } catch (InvalidValueException e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
        }
    }
}
