package dev.prefs.command.preferences;

import dev.prefs.platform.problem.FieldError;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.prefs.events.ChannelChoices;
import dev.prefs.events.InvalidValueException;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.LanguageTag;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceDefaults;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.Theme;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.events.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One user's preferences, identified by the user id. Command handlers check the rules and apply events; state changes
 * only when an event is applied. Every handler answers the version after it ran: the number of events, which is the
 * ETag clients see. Its fields are also its snapshot (JSON): a change of their meaning needs a new {@code @Revision}
 * (revision 2 has the notification channels; snapshots of another revision are ignored and the aggregate is folded
 * from its events).
 * <p>
 * A delete is a state, not the end of the stream (no {@code markDeleted()}): a later create continues the same
 * stream, so the version keeps counting and the history stays in one place.
 */
@Aggregate(type = "UserPreferences", snapshotTriggerDefinition = UserPreferencesSnapshots.TRIGGER)
@Revision("2")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class UserPreferences {

    @AggregateIdentifier
    private String userId;
    private boolean exists;
    private String theme;
    private String language;
    private NotificationChannels notifications;
    private long version;

    UserPreferences() {
        // Axon creates the instance, then folds the events into it.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(CreatePreferencesCommand command) {
        if (exists) {
            throw new PreferencesAlreadyExistException(command.userId());
        }
        if (command.expectedVersion() != null) {
            // RFC 9110: If-Match never holds without a current representation, and create needs there to be none.
            throw new VersionMismatchException(command.expectedVersion(), version, false);
        }
        List<FieldError> errors = new ArrayList<>();
        String id = check(errors, command.userId(), UserId::require);
        String newTheme = check(errors, orDefault(command.theme(), PreferenceDefaults.THEME), UserPreferences::theme);
        String newLanguage = check(errors, orDefault(command.language(), PreferenceDefaults.LANGUAGE),
                LanguageTag::canonical);
        refuseIfAny(errors);
        NotificationsChange asked = orDefault(command.notifications(), NotificationsChange.NONE);
        apply(new PreferencesCreatedEvent(id, null, newTheme, newLanguage,
                ChannelChoices.of(asked.applyTo(PreferenceDefaults.NOTIFICATIONS))));
        return version;
    }

    @CommandHandler
    long handle(ChangePreferencesCommand command) {
        requireExisting(command);
        List<FieldError> errors = new ArrayList<>();
        String newTheme = command.theme() == null ? null : check(errors, command.theme(), UserPreferences::theme);
        String newLanguage = command.language() == null ? null
                : check(errors, command.language(), LanguageTag::canonical);
        refuseIfAny(errors);
        if (newTheme != null && !newTheme.equals(theme)) {
            apply(new ThemeChangedEvent(userId, newTheme));
        }
        if (newLanguage != null && !newLanguage.equals(language)) {
            apply(new LanguageChangedEvent(userId, newLanguage));
        }
        NotificationChannels newNotifications =
                orDefault(command.notifications(), NotificationsChange.NONE).applyTo(notifications);
        if (!newNotifications.equals(notifications)) {
            apply(new NotificationsChangedEvent(userId, ChannelChoices.of(newNotifications)));
        }
        return version;
    }

    /** Preferences that already hold every default stay as they are: like a change that changes nothing. */
    @CommandHandler
    long handle(ResetPreferencesCommand command) {
        requireExisting(command);
        if (!isAllDefault()) {
            apply(new PreferencesResetEvent(userId, PreferenceDefaults.THEME, PreferenceDefaults.LANGUAGE,
                    ChannelChoices.of(PreferenceDefaults.NOTIFICATIONS)));
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
        theme = event.theme();
        language = event.language();
        notifications = event.notifications().over(PreferenceDefaults.NOTIFICATIONS);
        version++;
    }

    @EventSourcingHandler
    void on(ThemeChangedEvent event) {
        theme = event.theme();
        version++;
    }

    @EventSourcingHandler
    void on(LanguageChangedEvent event) {
        language = event.language();
        version++;
    }

    @EventSourcingHandler
    void on(NotificationsChangedEvent event) {
        notifications = event.notifications().over(PreferenceDefaults.NOTIFICATIONS);
        version++;
    }

    @EventSourcingHandler
    void on(PreferencesResetEvent event) {
        theme = event.theme();
        language = event.language();
        notifications = event.notifications().over(PreferenceDefaults.NOTIFICATIONS);
        version++;
    }

    @EventSourcingHandler
    void on(PreferencesDeletedEvent event) {
        exists = false;
        version++;
    }

    private void requireExisting(PreferencesCommand command) {
        if (!exists) {
            throw new PreferencesNotFoundException(command.userId());
        }
        if (command.expectedVersion() != null && !command.expectedVersion().matches(version)) {
            throw new VersionMismatchException(command.expectedVersion(), version, true);
        }
    }

    private boolean isAllDefault() {
        return PreferenceDefaults.THEME.equals(theme) && PreferenceDefaults.LANGUAGE.equals(language)
               && PreferenceDefaults.NOTIFICATIONS.equals(notifications);
    }

    private static String theme(String value) {
        return Theme.fromWire(value).wire();
    }

    private static <T> T orDefault(T value, T defaultValue) {
        return Objects.requireNonNullElse(value, defaultValue);
    }

    /** The rule's result, or null after noting why the value broke it. */
    private static String check(List<FieldError> errors, String value, UnaryOperator<String> rule) {
        try {
            return rule.apply(value);
        } catch (InvalidValueException e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
            return null;
        }
    }

    private static void refuseIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidPreferencesException(errors);
        }
    }
}
