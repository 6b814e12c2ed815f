package dev.prefs.query.stats;

import dev.prefs.events.NotificationChannels;
import dev.prefs.query.preferences.UserPreferencesView;
import dev.prefs.query.projection.ProjectedEvent;
import dev.prefs.query.projection.ProjectionRow;
import java.time.Instant;

/**
 * What the counts last counted for one user: the counted part of the user's userpreferences row; a deleted user
 * counts nowhere but keeps the version. {@code notifications} is null in a row of version 1, which counts only the
 * switch.
 */
record StatsUserView(String userId, long version, boolean deleted, String theme, String language,
                     boolean notificationsEnabled, NotificationChannels notifications) implements ProjectionRow {

    /** The counted part of {@code row}. */
    static StatsUserView of(UserPreferencesView row) {
        return new StatsUserView(row.userId(), row.version(), row.deleted(), row.theme(), row.language(),
                row.notificationsEnabled(), row.notifications());
    }

    /**
     * A userpreferences row with what this one keeps, for the userpreferences fold to go on from. The fields the
     * counts do not keep (id, times) are not counted, so they are given neutral values the fold only carries.
     */
    UserPreferencesView asUserPreferences() {
        return new UserPreferencesView(ProjectedEvent.NO_GLOBAL_INDEX, userId, theme, language, notificationsEnabled,
                notifications, Instant.EPOCH, Instant.EPOCH, version, deleted);
    }
}
