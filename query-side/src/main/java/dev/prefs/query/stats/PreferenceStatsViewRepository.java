package dev.prefs.query.stats;

import dev.prefs.events.NotificationChannels;
import dev.prefs.query.projection.LiveVersion;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import dev.prefs.query.projection.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The preferencestats tables: {@code <prefix>_users} (each user's last counted state) and {@code <prefix>_counts}
 * (one counter per dimension and value). A batch adds, per counter, the difference between its users' old and new
 * states, in one statement; its processor has a single segment, so no two transactions fight over a counter row.
 */
final class PreferenceStatsViewRepository {

    static final String TOTAL = "total";
    static final String THEME = "theme";
    static final String LANGUAGE = "language";
    static final String NOTIFICATIONS_ENABLED = "notificationsEnabled";
    /** Version 2: one counter per channel, values email, push and sms. */
    static final String NOTIFICATIONS = "notifications";

    private record Counter(String dimension, String value) implements Comparable<Counter> {

        @Override
        public int compareTo(Counter other) {
            int byDimension = dimension.compareTo(other.dimension);
            return byDimension != 0 ? byDimension : value.compareTo(other.value);
        }
    }

    private final JdbcTemplate jdbc;

    PreferenceStatsViewRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows of one build: its per-user table and its counts table; with or without the channels. */
    RowStore<StatsUserView> rowsOf(String usersTable, String countsTable, boolean channels) {
        return new Rows(Sql.identifier(usersTable), Sql.identifier(countsTable), channels);
    }

    /** Every counter of the live version's counts table: dimension, then value, then count. */
    Map<String, Map<String, Long>> counts(LiveVersion live) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        jdbc.query("SELECT dimension, value, count FROM " + live.table(), rs -> {
            counts.computeIfAbsent(rs.getString(1), d -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return counts;
    }

    private final class Rows implements RowStore<StatsUserView> {

        private final String users;
        private final String counts;
        private final boolean channels;
        private final String notificationColumns;

        Rows(String users, String counts, boolean channels) {
            this.users = users;
            this.counts = counts;
            this.channels = channels;
            this.notificationColumns = channels ? "notify_email, notify_push, notify_sms" : "notifications_enabled";
        }

        @Override
        public Map<String, StatsUserView> load(Collection<String> userIds) {
            if (userIds.isEmpty()) {
                return Map.of();
            }
            return jdbc.query(connection -> {
                        var statement = connection.prepareStatement(
                                "SELECT user_id, version, deleted, theme, language, " + notificationColumns
                                + " FROM " + users + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, (rs, i) -> row(rs)).stream()
                    .collect(Collectors.toMap(StatsUserView::userId, Function.identity()));
        }

        @Override
        public void write(List<RowChange<StatsUserView>> changes) {
            int columns = channels ? 8 : 6;
            List<Object> parameters = new ArrayList<>(changes.size() * columns);
            Map<Counter, Long> deltas = new TreeMap<>();
            for (RowChange<StatsUserView> change : changes) {
                StatsUserView row = change.after();
                parameters.addAll(List.of(row.userId(), row.version(), row.deleted(), row.theme(), row.language()));
                if (channels) {
                    parameters.addAll(List.of(row.notifications().email(), row.notifications().push(),
                            row.notifications().sms()));
                } else {
                    parameters.add(row.notificationsEnabled());
                }
                count(change.before(), -1, deltas);
                count(row, 1, deltas);
            }
            String updates = channels
                    ? "notify_email = EXCLUDED.notify_email, notify_push = EXCLUDED.notify_push,"
                      + " notify_sms = EXCLUDED.notify_sms"
                    : "notifications_enabled = EXCLUDED.notifications_enabled";
            jdbc.update("INSERT INTO " + users
                        + " (user_id, version, deleted, theme, language, " + notificationColumns + ") VALUES "
                        + Sql.valueRows(changes.size(), columns)
                        + " ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version,"
                        + " deleted = EXCLUDED.deleted, theme = EXCLUDED.theme, language = EXCLUDED.language, "
                        + updates,
                    parameters.toArray());
            deltas.values().removeIf(delta -> delta == 0);
            if (deltas.isEmpty()) {
                return;
            }
            List<Object> counterParameters = new ArrayList<>(deltas.size() * 3);
            deltas.forEach((counter, delta) -> counterParameters.addAll(
                    List.of(counter.dimension(), counter.value(), delta)));
            jdbc.update("INSERT INTO " + counts + " (dimension, value, count) VALUES "
                        + Sql.valueRows(deltas.size(), 3)
                        + " ON CONFLICT (dimension, value) DO UPDATE SET count = " + counts
                        + ".count + EXCLUDED.count",
                    counterParameters.toArray());
        }

        private StatsUserView row(ResultSet rs) throws SQLException {
            if (!channels) {
                return new StatsUserView(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), null);
            }
            NotificationChannels notifications = new NotificationChannels(rs.getBoolean(6), rs.getBoolean(7),
                    rs.getBoolean(8));
            return new StatsUserView(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4),
                    rs.getString(5), notifications.anyOn(), notifications);
        }

        private void count(StatsUserView row, long sign, Map<Counter, Long> deltas) {
            if (row == null || row.deleted()) {
                return;
            }
            deltas.merge(new Counter(TOTAL, ""), sign, Long::sum);
            deltas.merge(new Counter(THEME, row.theme()), sign, Long::sum);
            deltas.merge(new Counter(LANGUAGE, row.language()), sign, Long::sum);
            if (row.notificationsEnabled()) {
                deltas.merge(new Counter(NOTIFICATIONS_ENABLED, "true"), sign, Long::sum);
            }
            if (channels) {
                NotificationChannels notifications = row.notifications();
                if (notifications.email()) {
                    deltas.merge(new Counter(NOTIFICATIONS, "email"), sign, Long::sum);
                }
                if (notifications.push()) {
                    deltas.merge(new Counter(NOTIFICATIONS, "push"), sign, Long::sum);
                }
                if (notifications.sms()) {
                    deltas.merge(new Counter(NOTIFICATIONS, "sms"), sign, Long::sum);
                }
            }
        }
    }
}
