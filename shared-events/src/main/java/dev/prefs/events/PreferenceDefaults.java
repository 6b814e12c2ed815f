package dev.prefs.events;

/** The values a user has before choosing anything, and after a reset. */
public final class PreferenceDefaults {

    public static final String THEME = Theme.DARK.wire();
    public static final String LANGUAGE = "en";
    public static final NotificationChannels NOTIFICATIONS = NotificationChannels.DEFAULT;

    private PreferenceDefaults() {
    }
}
