package dev.prefs.events;

import org.axonframework.serialization.Revision;

/** The user's language became {@code language}, a BCP 47 tag in canonical form. */
@Revision("1")
public record LanguageChangedEvent(String userId, String language) implements PreferencesEvent {
}
