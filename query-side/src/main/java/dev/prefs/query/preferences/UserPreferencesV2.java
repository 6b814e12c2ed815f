package dev.prefs.query.preferences;

import dev.prefs.events.NotificationChannels;
import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.PublicView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Version 2 of userpreferences (V8): the notification channels, one column each ({@code notifications_enabled} is
 * a column generated from them). Built by replay beside version 1 when first deployed, then switched in.
 */
@Component
class UserPreferencesV2 extends UserPreferencesVersion {

    static final String TABLE = "userpreferences_v2";
    /** Version 1's view with the channels after its columns. */
    static final PublicView VIEW = new PublicView("userpreferences", "SELECT id, user_id, theme, language,"
            + " notifications_enabled, created_at, updated_at, version, notify_email, notify_push, notify_sms FROM "
            + PublicView.TABLE + " WHERE NOT deleted");

    @Autowired
    UserPreferencesV2(JdbcTemplate jdbc) {
        this(jdbc, 2, TABLE, new UserPreferencesProjection(), SEGMENTS);
    }

    /** A later version that keeps these columns in its own {@code table} (the tests declare one). */
    UserPreferencesV2(JdbcTemplate jdbc, int version, String table, Fold<UserPreferencesView> fold, int segments) {
        super(jdbc, version, table, VIEW, List.of("notify_email", "notify_push", "notify_sms"), fold, segments);
    }

    @Override
    List<Object> ownValues(UserPreferencesView row) {
        NotificationChannels channels = row.notifications();
        return List.of(channels.email(), channels.push(), channels.sms());
    }

    @Override
    boolean enabled(ResultSet rs) throws SQLException {
        return channels(rs).anyOn();
    }

    @Override
    NotificationChannels channels(ResultSet rs) throws SQLException {
        return new NotificationChannels(rs.getBoolean("notify_email"), rs.getBoolean("notify_push"),
                rs.getBoolean("notify_sms"));
    }
}
