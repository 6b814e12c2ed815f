package dev.prefs.query.timeline;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A user's own layer after some of their events: whether the preferences exist, the user's tenant, their explicit
 * values (null: inherit) and, per field holding one, the event that gave it that value. A later event that carries
 * the same value again (a notifications change of another channel, a reset of release 2) does not count as setting
 * it. A deleted user keeps the tenant they had, so that who may read their past is still known.
 */
public record UserLayer(String userId, boolean exists, String tenantId, PreferenceValues values,
                        Map<PreferenceField, RecordedEvent> setBy, Instant createdAt, Instant updatedAt,
                        long version) {

    public UserLayer {
        setBy = Map.copyOf(setBy);
    }

    /** Before the user's first event. */
    public static UserLayer none(String userId) {
        return new UserLayer(userId, false, null, PreferenceValues.NONE, Map.of(), null, null, 0);
    }

    /** The layer once {@code event}, the user's next event, is applied. */
    public UserLayer apply(RecordedEvent event) {
        if (!(event.payload() instanceof PreferencesEvent payload)) {
            throw new IllegalArgumentException("Not a preferences event: " + event.type());
        }
        Instant at = event.at();
        if (payload instanceof PreferencesCreatedEvent created) {
            if (exists) {
                throw inconsistent(event, "they already exist");
            }
            return new UserLayer(userId, true, created.tenantId(), created.values(),
                    changed(PreferenceValues.NONE, Map.of(), created.values(), event), at, at, event.version());
        }
        if (!exists) {
            throw inconsistent(event, "they do not exist");
        }
        if (payload instanceof ThemeChangedEvent e) {
            return withValues(values.with(PreferenceField.THEME, e.theme()), event);
        }
        if (payload instanceof LanguageChangedEvent e) {
            return withValues(values.with(PreferenceField.LANGUAGE, e.language()), event);
        }
        if (payload instanceof NotificationsChangedEvent e) {
            return withValues(new PreferenceValues(values.theme(), values.language(), e.notifications()), event);
        }
        if (payload instanceof PreferencesResetEvent e) {
            return withValues(e.values(), event);
        }
        if (payload instanceof PreferencesMovedEvent e) {
            return new UserLayer(userId, true, e.tenantId(), values, setBy, createdAt, at, event.version());
        }
        if (payload instanceof PreferencesDeletedEvent) {
            return new UserLayer(userId, false, tenantId, values, setBy, createdAt, at, event.version());
        }
        throw new IllegalArgumentException("Unknown preferences event " + event.type());
    }

    private UserLayer withValues(PreferenceValues after, RecordedEvent event) {
        return new UserLayer(userId, true, tenantId, after, changed(values, setBy, after, event), createdAt,
                event.at(), event.version());
    }

    /** Who set each field once {@code event} took the values from {@code before} to {@code after}. */
    static <E> Map<PreferenceField, E> changed(PreferenceValues before, Map<PreferenceField, E> setBy,
                                               PreferenceValues after, E event) {
        Map<PreferenceField, E> next = new EnumMap<>(PreferenceField.class);
        next.putAll(setBy);
        for (PreferenceField field : PreferenceField.values()) {
            Object value = after.get(field);
            if (value == null) {
                next.remove(field);
            } else if (!Objects.equals(value, before.get(field))) {
                next.put(field, event);
            }
        }
        return next;
    }

    private IllegalStateException inconsistent(RecordedEvent event, String reason) {
        return new IllegalStateException(event.type() + " at version " + event.version() + " for user " + userId
                                         + " cannot apply: " + reason);
    }
}
