package dev.prefs.events;

import org.axonframework.serialization.Revision;

/** The user's preferences were deleted; a later {@link PreferencesCreatedEvent} brings them back. */
@Revision("1")
public record PreferencesDeletedEvent(String userId) implements PreferencesEvent {
}
