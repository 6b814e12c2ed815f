package dev.prefs.query.stats;

import dev.prefs.events.NotificationChannels;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Version 2 of preferencestats (V8): also one counter per notification channel. */
@Component
final class PreferenceStatsV2 extends PreferenceStatsVersion {

    /** One counter per channel, values email, push and sms. */
    static final String NOTIFICATIONS = "notifications";
    private static final List<String> CHANNELS = List.of("email", "push", "sms");

    PreferenceStatsV2(JdbcTemplate jdbc) {
        super(jdbc, 2, "preferencestats_v2", List.of("notify_email", "notify_push", "notify_sms"));
    }

    @Override
    List<Object> ownValues(StatsUserView row) {
        NotificationChannels channels = row.notifications();
        return List.of(channels.email(), channels.push(), channels.sms());
    }

    @Override
    StatsUserView row(ResultSet rs) throws SQLException {
        NotificationChannels channels = new NotificationChannels(rs.getBoolean("notify_email"),
                rs.getBoolean("notify_push"), rs.getBoolean("notify_sms"));
        return new StatsUserView(rs.getString("user_id"), rs.getLong("version"), rs.getBoolean("deleted"),
                rs.getString("theme"), rs.getString("language"), channels.anyOn(), channels);
    }

    @Override
    void countOwn(StatsUserView row, long sign, Map<Counter, Long> deltas) {
        NotificationChannels channels = row.notifications();
        List<Boolean> on = List.of(channels.email(), channels.push(), channels.sms());
        for (int i = 0; i < CHANNELS.size(); i++) {
            if (on.get(i)) {
                deltas.merge(new Counter(NOTIFICATIONS, CHANNELS.get(i)), sign, Long::sum);
            }
        }
    }

    @Override
    Map<String, Long> notifications(Map<String, Map<String, Long>> counters) {
        Map<String, Long> channels = counters.getOrDefault(NOTIFICATIONS, Map.of());
        Map<String, Long> byChannel = new LinkedHashMap<>();
        for (String channel : CHANNELS) {
            byChannel.put(channel, channels.getOrDefault(channel, 0L));
        }
        return byChannel;
    }
}
