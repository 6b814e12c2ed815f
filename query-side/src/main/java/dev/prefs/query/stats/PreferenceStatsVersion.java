package dev.prefs.query.stats;

import dev.prefs.events.Theme;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import dev.prefs.query.projection.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A version of the preferencestats read model, which knows its two tables: {@code <prefix>_users} (each user's last
 * counted state) and {@code <prefix>_counts} (one counter per dimension and value, the table reads use). A batch adds,
 * per counter, the difference between its users' old and new states, in one statement; the processor has a single
 * segment, so no two transactions fight over a counter row. The dimensions every version counts (total, theme,
 * language, the switch) are counted here; a subclass names the users table's columns of its own (so far how it
 * keeps the notifications), gives their values ({@link #ownValues}), reads a user back ({@link #row}), counts what
 * it counts beyond the common dimensions ({@link #countOwn}) and answers it ({@link #notifications(Map)}).
 * <p>
 * Erasing a user takes their counted state off the counters and deletes their users row, in the erasure's
 * transaction ({@link #eraseFrom}). A batch that loaded the user before that and writes after it finds the row gone
 * (its upsert inserts): it counts the user as new, not as moving from the erased state, so the counters stay exact
 * and the erasure's second pass takes the row it wrote off them again.
 */
abstract class PreferenceStatsVersion extends ProjectionVersion<StatsUserView> implements PreferenceStatsReadModel {

    static final String NAME = "preferencestats";
    /** Every batch touches the same few counter rows: one segment, so batches never wait on each other's locks. */
    static final int SEGMENTS = 1;

    static final String TOTAL = "total";
    static final String THEME = "theme";
    static final String LANGUAGE = "language";
    static final String NOTIFICATIONS_ENABLED = "notificationsEnabled";

    /** One counter: a dimension and one of its values. */
    record Counter(String dimension, String value) implements Comparable<Counter> {

        @Override
        public int compareTo(Counter other) {
            int byDimension = dimension.compareTo(other.dimension);
            return byDimension != 0 ? byDimension : value.compareTo(other.value);
        }
    }

    private final JdbcTemplate jdbc;
    private final String users;
    private final String counts;
    private final String columns;
    private final int columnCount;
    private final String ownUpdates;

    /** {@code ownColumns}: the users table's columns beyond every version's, in the order written. */
    PreferenceStatsVersion(JdbcTemplate jdbc, int version, String prefix, List<String> ownColumns) {
        super(NAME, version, prefix + "_counts", new PreferenceStatsProjection(), SEGMENTS,
                List.of(prefix + "_users", prefix + "_counts"), null);
        this.jdbc = jdbc;
        this.users = prefix + "_users";
        this.counts = prefix + "_counts";
        ownColumns.forEach(Sql::identifier);
        this.columns = "user_id, version, deleted, theme, language, " + String.join(", ", ownColumns);
        this.columnCount = 5 + ownColumns.size();
        this.ownUpdates = ownColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    /** The values of this version's own columns for {@code row}, in their order. */
    abstract List<Object> ownValues(StatsUserView row);

    /** The user read back from a result set of the users table's columns. */
    abstract StatsUserView row(ResultSet rs) throws SQLException;

    /** Adds {@code sign} to the counters this version counts {@code row} in beyond every version's. */
    abstract void countOwn(StatsUserView row, long sign, Map<Counter, Long> deltas);

    /** The answer's per-channel counts from this version's counters, or null where it does not count them. */
    abstract Map<String, Long> notifications(Map<String, Map<String, Long>> counters);

    @Override
    public RowStore<StatsUserView> rows(UnaryOperator<String> tableOf) {
        return new Rows(Sql.identifier(tableOf.apply(users)), Sql.identifier(tableOf.apply(counts)));
    }

    /**
     * The answer of {@code GET /api/preferences/stats} from {@code build}'s counters (the live build's). These
     * versions keep release 2's meaning, with no tenants: a tenant's counts are all 0.
     */
    @Override
    public PreferenceStats stats(Build<?> build, String tenantId) {
        Map<String, Map<String, Long>> counters = tenantId == null ? counters(build.readTable()) : Map.of();
        // Every theme is listed, 0 included, since there are only three; languages only where someone uses them.
        Map<String, Long> byTheme = new LinkedHashMap<>();
        Map<String, Long> themes = counters.getOrDefault(THEME, Map.of());
        for (Theme theme : Theme.values()) {
            byTheme.put(theme.wire(), themes.getOrDefault(theme.wire(), 0L));
        }
        Map<String, Long> byLanguage = new LinkedHashMap<>();
        counters.getOrDefault(LANGUAGE, Map.of()).forEach((language, count) -> {
            if (count > 0) {
                byLanguage.put(language, count);
            }
        });
        return new PreferenceStats(counters.getOrDefault(TOTAL, Map.of()).getOrDefault("", 0L), byTheme, byLanguage,
                counters.getOrDefault(NOTIFICATIONS_ENABLED, Map.of()).getOrDefault("true", 0L),
                notifications(counters));
    }

    /** Every counter of a counts table: dimension, then value, then count. */
    private Map<String, Map<String, Long>> counters(String table) {
        Map<String, Map<String, Long>> counters = new TreeMap<>();
        jdbc.query("SELECT dimension, value, count FROM " + Sql.identifier(table), rs -> {
            counters.computeIfAbsent(rs.getString(1), d -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return counters;
    }

    /** Adds {@code sign} to every counter {@code row} counts in (none for an absent or deleted user). */
    void count(StatsUserView row, long sign, Map<Counter, Long> deltas) {
        if (row == null || row.deleted()) {
            return;
        }
        deltas.merge(new Counter(TOTAL, ""), sign, Long::sum);
        deltas.merge(new Counter(THEME, row.theme()), sign, Long::sum);
        deltas.merge(new Counter(LANGUAGE, row.language()), sign, Long::sum);
        if (row.notificationsEnabled()) {
            deltas.merge(new Counter(NOTIFICATIONS_ENABLED, "true"), sign, Long::sum);
        }
        countOwn(row, sign, deltas);
    }

    /** Takes the user's counted state off {@code build}'s counters, then deletes their row. */
    @Override
    protected void eraseFrom(Connection connection, Build<StatsUserView> build, String userId) throws SQLException {
        StatsUserView row = null;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + columns + " FROM " + build.table(users) + " WHERE user_id = ? FOR UPDATE")) {
            statement.setString(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    row = row(rs);
                }
            }
        }
        Map<Counter, Long> deltas = new TreeMap<>();
        count(row, -1, deltas);
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE " + build.table(counts) + " SET count = count + ? WHERE dimension = ? AND value = ?")) {
            for (Map.Entry<Counter, Long> delta : deltas.entrySet()) {
                statement.setLong(1, delta.getValue());
                statement.setString(2, delta.getKey().dimension());
                statement.setString(3, delta.getKey().value());
                statement.addBatch();
            }
            if (!deltas.isEmpty()) {
                statement.executeBatch();
            }
        }
        // A counter at zero still names its value, which may be one only this user ever had: it goes too (the
        // stats never show a zero).
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM " + build.table(counts) + " WHERE count = 0")) {
            statement.executeUpdate();
        }
        super.eraseFrom(connection, build, userId);
    }

    /** One build's two tables as its processor loads and writes them. */
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
                                "SELECT " + columns + " FROM " + users + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, (rs, i) -> row(rs)).stream()
                    .collect(Collectors.toMap(StatsUserView::userId, Function.identity()));
        }

        @Override
        public void write(List<RowChange<StatsUserView>> changes) {
            List<Object> parameters = new ArrayList<>(changes.size() * columnCount);
            for (RowChange<StatsUserView> change : changes) {
                StatsUserView row = change.after();
                parameters.addAll(List.of(row.userId(), row.version(), row.deleted(), row.theme(), row.language()));
                parameters.addAll(ownValues(row));
            }
            // xmax = 0: the row was inserted. A user loaded with a row whose row is gone now was erased meanwhile.
            Set<String> inserted = new HashSet<>(jdbc.query("INSERT INTO " + users + " (" + columns + ") VALUES "
                        + Sql.valueRows(changes.size(), columnCount)
                        + " ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version,"
                        + " deleted = EXCLUDED.deleted, theme = EXCLUDED.theme, language = EXCLUDED.language, "
                        + ownUpdates + " RETURNING user_id, xmax = 0",
                    (rs, i) -> rs.getBoolean(2) ? rs.getString(1) : null, parameters.toArray()));
            Map<Counter, Long> deltas = new TreeMap<>();
            for (RowChange<StatsUserView> change : changes) {
                if (!inserted.contains(change.after().userId())) {
                    count(change.before(), -1, deltas);
                }
                count(change.after(), 1, deltas);
            }
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
    }
}
