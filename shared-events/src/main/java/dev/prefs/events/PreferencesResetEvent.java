package dev.prefs.events;

import org.axonframework.serialization.Revision;

/**
 * The user's preferences went back to the defaults. The event carries the values it reset to, so that a later
 * change of the defaults does not change what past resets meant.
 */
@Revision("1")
public record PreferencesResetEvent(String userId, String theme, String language, boolean notificationsEnabled)
        implements PreferencesEvent {
}
