package dev.prefs.events;

/**
 * Every event of the {@code UserPreferences} aggregate. The aggregate identifier is the user id, so each event
 * names the user it belongs to. From the tenants release the values in these events are the user's explicit
 * values: a {@code null} value means "no explicit value, inherit from the layers".
 */
public sealed interface PreferencesEvent extends PrefsEvent
        permits PreferencesCreatedEvent, ThemeChangedEvent, LanguageChangedEvent, NotificationsChangedEvent,
                PreferencesResetEvent, PreferencesDeletedEvent, PreferencesMovedEvent {

    String userId();

    @Override
    default String streamId() {
        return userId();
    }
}
