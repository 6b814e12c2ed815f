package dev.prefs.events;

import org.axonframework.serialization.Revision;

/**
 * The user's explicit theme became {@code theme} (see {@link Theme}); from the tenants release {@code null} means
 * the user no longer has one and inherits.
 */
@Revision("1")
public record ThemeChangedEvent(String userId, String theme) implements PreferencesEvent {
}
