package dev.prefs.events;

import org.axonframework.serialization.Revision;

/** An admin moved the user to tenant {@code tenantId} ({@code null}: to no tenant). */
@Revision("1")
public record PreferencesMovedEvent(String userId, String tenantId) implements PreferencesEvent {
}
