package dev.prefs.events;

import org.axonframework.serialization.Revision;

/**
 * The user's preferences were reset: their explicit values became these. From the tenants release a reset clears
 * every explicit value (all null: everything inherits). Resets of earlier releases carried the defaults of their
 * day, which stay the user's explicit values, so that a later change of the defaults does not change what past
 * resets meant. Revision 1 carried {@code notificationsEnabled}; revision 2 reads as 3 unchanged.
 */
@Revision("3")
public record PreferencesResetEvent(String userId, String theme, String language,
                                    ChannelChoices notifications) implements PreferencesEvent {

    public PreferencesResetEvent {
        notifications = notifications == null ? ChannelChoices.NONE : notifications;
    }

    /** A reset in release 2's shape: to these values, all explicit. */
    public PreferencesResetEvent(String userId, String theme, String language, NotificationChannels notifications) {
        this(userId, theme, language, ChannelChoices.of(notifications));
    }

    /** A reset of this release: no explicit value left. */
    public static PreferencesResetEvent clearing(String userId) {
        return new PreferencesResetEvent(userId, null, null, ChannelChoices.NONE);
    }

    /** The explicit values after the reset. */
    public PreferenceValues values() {
        return new PreferenceValues(theme, language, notifications);
    }
}
