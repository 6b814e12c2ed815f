package dev.prefs.events;

import org.axonframework.serialization.Revision;

/** The user's theme became {@code theme}; see {@link Theme} for the values. */
@Revision("1")
public record ThemeChangedEvent(String userId, String theme) implements PreferencesEvent {
}
