package dev.prefs.events;

/**
 * Every event of the {@code UserPreferences} aggregate. The aggregate identifier is the user id, so each event
 * names the user it belongs to.
 */
public sealed interface PreferencesEvent
        permits PreferencesCreatedEvent, ThemeChangedEvent, LanguageChangedEvent, NotificationsChangedEvent,
                PreferencesResetEvent, PreferencesDeletedEvent {

    String userId();
}
