package dev.prefs.query.stats;

import dev.prefs.query.projection.ProjectionRow;

/** What the counts last counted for one user; a deleted user counts nowhere but keeps the version. */
record StatsUserView(String userId, long version, boolean deleted, String theme, String language,
                     boolean notificationsEnabled) implements ProjectionRow {

    StatsUserView with(String theme, String language, boolean notificationsEnabled, long version) {
        return new StatsUserView(userId, version, false, theme, language, notificationsEnabled);
    }

    StatsUserView asDeleted(long version) {
        return new StatsUserView(userId, version, true, theme, language, notificationsEnabled);
    }
}
