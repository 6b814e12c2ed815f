package dev.prefs.query.preferences;

import dev.prefs.query.projection.ProjectionRow;
import java.time.Instant;

/**
 * A row of the userpreferences projection. {@code id} is the global index of the event that first created the user
 * ({@link dev.prefs.query.projection.ProjectedEvent#NO_GLOBAL_INDEX} when folded from one user's events, for asOf).
 * A deleted user's row stays as a tombstone that reads treat as absent.
 */
record UserPreferencesView(long id, String userId, String theme, String language, boolean notificationsEnabled,
                           Instant createdAt, Instant updatedAt, long version, boolean deleted)
        implements ProjectionRow {

    UserPreferencesView withValues(String theme, String language, boolean notificationsEnabled, Instant at,
                                   long version) {
        return new UserPreferencesView(id, userId, theme, language, notificationsEnabled, createdAt, at, version,
                false);
    }

    UserPreferencesView asDeleted(Instant at, long version) {
        return new UserPreferencesView(id, userId, theme, language, notificationsEnabled, createdAt, at, version,
                true);
    }
}
