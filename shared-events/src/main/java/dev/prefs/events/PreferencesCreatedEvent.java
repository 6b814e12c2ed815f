package dev.prefs.events;

import org.axonframework.serialization.Revision;

/** A user's preferences came into existence (first time, or again after a delete) with these values. */
@Revision("1")
public record PreferencesCreatedEvent(String userId, String theme, String language, boolean notificationsEnabled)
        implements PreferencesEvent {
}
