package dev.prefs.query.stats;

import dev.prefs.query.projection.LiveVersion;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import dev.prefs.query.projection.Sql;
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

    /** The rows of one build: its per-user table and its counts table. */
    RowStore<StatsUserView> rowsOf(String usersTable, String countsTable) {
        return new Rows(Sql.identifier(usersTable), Sql.identifier(countsTable));
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

        Rows(String users, String counts) {
            this.users = users;
            this.counts = counts;
        }

        @Override
        public Map<String, StatsUserView> load(Collection<String> userIds) {
            if (userIds.isEmpty()) {
                return Map.of();
            }
            return jdbc.query(connection -> {
                        var statement = connection.prepareStatement(
                                "SELECT user_id, version, deleted, theme, language, notifications_enabled FROM "
                                + users + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, (rs, i) -> new StatsUserView(rs.getString(1), rs.getLong(2), rs.getBoolean(3),
                            rs.getString(4), rs.getString(5), rs.getBoolean(6))).stream()
                    .collect(Collectors.toMap(StatsUserView::userId, Function.identity()));
        }

        @Override
        public void write(List<RowChange<StatsUserView>> changes) {
            List<Object> parameters = new ArrayList<>(changes.size() * 6);
            Map<Counter, Long> deltas = new TreeMap<>();
            for (RowChange<StatsUserView> change : changes) {
                StatsUserView row = change.after();
                parameters.addAll(List.of(row.userId(), row.version(), row.deleted(), row.theme(), row.language(),
                        row.notificationsEnabled()));
                count(change.before(), -1, deltas);
                count(row, 1, deltas);
            }
            jdbc.update("INSERT INTO " + users
                        + " (user_id, version, deleted, theme, language, notifications_enabled) VALUES "
                        + Sql.valueRows(changes.size(), 6)
                        + " ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version,"
                        + " deleted = EXCLUDED.deleted, theme = EXCLUDED.theme, language = EXCLUDED.language,"
                        + " notifications_enabled = EXCLUDED.notifications_enabled",
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

        private static void count(StatsUserView row, long sign, Map<Counter, Long> deltas) {
            if (row == null || row.deleted()) {
                return;
            }
            deltas.merge(new Counter(TOTAL, ""), sign, Long::sum);
            deltas.merge(new Counter(THEME, row.theme()), sign, Long::sum);
            deltas.merge(new Counter(LANGUAGE, row.language()), sign, Long::sum);
            if (row.notificationsEnabled()) {
                deltas.merge(new Counter(NOTIFICATIONS_ENABLED, "true"), sign, Long::sum);
            }
        }
    }
}
