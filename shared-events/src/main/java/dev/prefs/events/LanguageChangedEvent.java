package dev.prefs.events;

import org.axonframework.serialization.Revision;

/**
 * The user's explicit language became {@code language}, a BCP 47 tag in canonical form; from the tenants release
 * {@code null} means the user no longer has one and inherits.
 */
@Revision("1")
public record LanguageChangedEvent(String userId, String language) implements PreferencesEvent {
}
