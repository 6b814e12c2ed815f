package dev.prefs.events;

import org.axonframework.serialization.Revision;

/**
 * The user's explicit notification channels changed; the event carries all three as they are now, a null channel
 * inheriting from the layers. Revision 1 carried one switch ({@link NotificationChannelsUpcaster}); revision 2 (all
 * three set) reads as 3 unchanged.
 */
@Revision("3")
public record NotificationsChangedEvent(String userId, ChannelChoices notifications) implements PreferencesEvent {

    public NotificationsChangedEvent {
        notifications = notifications == null ? ChannelChoices.NONE : notifications;
    }

    /** Every channel explicit, as in release 2. */
    public NotificationsChangedEvent(String userId, NotificationChannels notifications) {
        this(userId, ChannelChoices.of(notifications));
    }
}
