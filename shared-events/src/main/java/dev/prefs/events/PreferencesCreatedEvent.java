package dev.prefs.events;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A user's preferences came into existence (first time, or again after a delete) with these values. Revision 1
 * carried {@code notificationsEnabled} instead of channels; {@link NotificationChannelsUpcaster} reads it as
 * revision 2.
 */
@Revision("2")
public record PreferencesCreatedEvent(String userId, String theme, String language,
                                      NotificationChannels notifications) implements PreferencesEvent {

    public PreferencesCreatedEvent {
        Objects.requireNonNull(notifications, "notifications");
    }
}
