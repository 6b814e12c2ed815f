package dev.prefs.events;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * The user's notification channels changed; the event carries all three, as they are now. Revision 1 (release 1)
 * carried one switch, {@code notificationsEnabled}; {@link NotificationChannelsUpcaster} reads it as revision 2.
 */
@Revision("2")
public record NotificationsChangedEvent(String userId, NotificationChannels notifications)
        implements PreferencesEvent {

    public NotificationsChangedEvent {
        Objects.requireNonNull(notifications, "notifications");
    }
}
