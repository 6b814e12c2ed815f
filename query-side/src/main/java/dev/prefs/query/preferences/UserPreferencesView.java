package dev.prefs.query.preferences;

import dev.prefs.events.NotificationChannels;
import dev.prefs.query.projection.ProjectionRow;
import java.time.Instant;

/**
 * A row of the userpreferences projection. {@code id} is the global index of the event that first created the user
 * ({@link dev.prefs.query.projection.ProjectedEvent#NO_GLOBAL_INDEX} when folded from one user's events, for asOf).
 * {@code notifications} is null in a row read from version 1's table, which keeps only the switch
 * ({@code notificationsEnabled}, true when any channel is on). A deleted user's row stays as a tombstone that reads
 * treat as absent. Public for the preferencestats projection, which counts these rows.
 */
public record UserPreferencesView(long id, String userId, String theme, String language, boolean notificationsEnabled,
                           NotificationChannels notifications, Instant createdAt, Instant updatedAt, long version,
                           boolean deleted) implements ProjectionRow {

    static UserPreferencesView created(long id, String userId, String theme, String language,
                                       NotificationChannels notifications, Instant at, long version) {
        return new UserPreferencesView(id, userId, theme, language, notifications.anyOn(), notifications, at, at,
                version, false);
    }

    /** New theme and language; the notifications as they were. */
    UserPreferencesView with(String theme, String language, Instant at, long version) {
        return new UserPreferencesView(id, userId, theme, language, notificationsEnabled, notifications, createdAt,
                at, version, false);
    }

    UserPreferencesView withNotifications(NotificationChannels channels, Instant at, long version) {
        return new UserPreferencesView(id, userId, theme, language, channels.anyOn(), channels, createdAt, at,
                version, false);
    }

    UserPreferencesView asDeleted(Instant at, long version) {
        return new UserPreferencesView(id, userId, theme, language, notificationsEnabled, notifications, createdAt,
                at, version, true);
    }
}
