package dev.prefs.events;

/**
 * Every event the service stores: a user's preferences events and the defaults layers' events. {@link #streamId()}
 * is the aggregate identifier the event belongs to.
 */
public sealed interface PrefsEvent permits PreferencesEvent, DefaultsEvent {

    String streamId();
}
