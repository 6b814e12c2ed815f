package dev.prefs.events;

import org.axonframework.serialization.Revision;

/** The user switched notifications on or off. */
@Revision("1")
public record NotificationsChangedEvent(String userId, boolean notificationsEnabled) implements PreferencesEvent {
}
