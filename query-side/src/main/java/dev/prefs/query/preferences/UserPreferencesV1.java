package dev.prefs.query.preferences;

import dev.prefs.events.NotificationChannels;
import dev.prefs.query.projection.PublicView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Release 1's version of userpreferences (V5): one switch for notifications, {@code notifications_enabled}, true
 * when any channel is on. It stays declared so that {@code activate} can go back to it; rows read from it have no
 * channels, so answers leave {@code notifications} out.
 */
@Component
final class UserPreferencesV1 extends UserPreferencesVersion {

    static final String TABLE = "userpreferences_v1";
    /** The CRUD service's old table, for psql users: the live rows that exist, in V5's columns. */
    static final PublicView VIEW = new PublicView("userpreferences", "SELECT id, user_id, theme, language,"
            + " notifications_enabled, created_at, updated_at, version FROM " + PublicView.TABLE + " WHERE NOT deleted");

    UserPreferencesV1(JdbcTemplate jdbc) {
        super(jdbc, 1, TABLE, VIEW, List.of("notifications_enabled"), new UserPreferencesProjection(), SEGMENTS);
    }

    @Override
    List<Object> ownValues(UserPreferencesView row) {
        return List.of(row.notificationsEnabled());
    }

    @Override
    boolean enabled(ResultSet rs) throws SQLException {
        return rs.getBoolean("notifications_enabled");
    }

    @Override
    NotificationChannels channels(ResultSet rs) {
        return null;
    }
}
