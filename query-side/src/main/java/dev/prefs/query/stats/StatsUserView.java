package dev.prefs.query.stats;

import dev.prefs.events.NotificationChannels;
import dev.prefs.query.projection.ProjectionRow;

/**
 * What the counts last counted for one user; a deleted user counts nowhere but keeps the version. {@code
 * notifications} is null in a row of version 1, which counts only the switch.
 */
record StatsUserView(String userId, long version, boolean deleted, String theme, String language,
                     boolean notificationsEnabled, NotificationChannels notifications) implements ProjectionRow {

    static StatsUserView created(String userId, long version, String theme, String language,
                                 NotificationChannels notifications) {
        return new StatsUserView(userId, version, false, theme, language, notifications.anyOn(), notifications);
    }

    StatsUserView with(String theme, String language, long version) {
        return new StatsUserView(userId, version, false, theme, language, notificationsEnabled, notifications);
    }

    StatsUserView withNotifications(NotificationChannels channels, long version) {
        return new StatsUserView(userId, version, false, theme, language, channels.anyOn(), channels);
    }

    StatsUserView asDeleted(long version) {
        return new StatsUserView(userId, version, true, theme, language, notificationsEnabled, notifications);
    }
}
