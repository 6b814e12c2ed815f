package dev.prefs.events;

import org.axonframework.serialization.Revision;

/**
 * A user's preferences came into existence (first time, or again after a delete) in tenant {@code tenantId} (or
 * none) with these explicit values; a null value inherits from the layers. Revision 1 carried
 * {@code notificationsEnabled} instead of channels ({@link NotificationChannelsUpcaster}); revision 2 had no tenant
 * and every value set, which reads as revision 3 with no tenant and every value explicit
 * ({@link TenantsReleaseUpcaster}).
 */
@Revision("3")
public record PreferencesCreatedEvent(String userId, String tenantId, String theme, String language,
                                      ChannelChoices notifications) implements PreferencesEvent {

    public PreferencesCreatedEvent {
        notifications = notifications == null ? ChannelChoices.NONE : notifications;
    }

    /** A creation in release 2's shape: no tenant, every value explicit. */
    public PreferencesCreatedEvent(String userId, String theme, String language, NotificationChannels notifications) {
        this(userId, null, theme, language, ChannelChoices.of(notifications));
    }

    /** The explicit values this creation sets. */
    public PreferenceValues values() {
        return new PreferenceValues(theme, language, notifications);
    }
}
