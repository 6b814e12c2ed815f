package dev.prefs.events;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * The user's preferences went back to the defaults. The event carries the values it reset to, so that a later
 * change of the defaults does not change what past resets meant. Revision 1 carried {@code notificationsEnabled}
 * instead of channels; {@link NotificationChannelsUpcaster} reads it as revision 2.
 */
@Revision("2")
public record PreferencesResetEvent(String userId, String theme, String language,
                                    NotificationChannels notifications) implements PreferencesEvent {

    public PreferencesResetEvent {
        Objects.requireNonNull(notifications, "notifications");
    }
}
