package dev.prefs.query.stats;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Release 1's version of preferencestats (V6): counts the switch only, so answers leave {@code notifications} out
 * while it serves reads.
 */
@Component
final class PreferenceStatsV1 extends PreferenceStatsVersion {

    PreferenceStatsV1(JdbcTemplate jdbc) {
        super(jdbc, 1, "preferencestats_v1", List.of("notifications_enabled"));
    }

    @Override
    List<Object> ownValues(StatsUserView row) {
        return List.of(row.notificationsEnabled());
    }

    @Override
    StatsUserView row(ResultSet rs) throws SQLException {
        return new StatsUserView(rs.getString("user_id"), rs.getLong("version"), rs.getBoolean("deleted"),
                rs.getString("theme"), rs.getString("language"), rs.getBoolean("notifications_enabled"), null);
    }

    @Override
    void countOwn(StatsUserView row, long sign, Map<Counter, Long> deltas) {
        // Only the switch, which every version counts.
    }

    @Override
    Map<String, Long> notifications(Map<String, Map<String, Long>> counters) {
        return null;
    }
}
