package dev.prefs.query.stats;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PrefsEvent;
import dev.prefs.events.Theme;
import dev.prefs.query.layers.LayerTable;
import dev.prefs.query.layers.LayeredFold;
import dev.prefs.query.layers.LayeredRow;
import dev.prefs.query.layers.Layers;
import dev.prefs.query.layers.RoutedRows;
import dev.prefs.query.layers.UserRow;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectedEvent;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import dev.prefs.query.projection.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.springframework.stereotype.Component;

/**
 * Version 3 of preferencestats (V9), the tenants release: counts of EFFECTIVE values, kept exact without touching a
 * row per user when a default changes. The counters count EXPLICIT values per tenant: per theme and language the
 * explicit value or {@value #INHERITS}, and the joint choice of the three channels (so that {@code
 * notificationsEnabled}, which needs all three, is exact). The layers are kept in a table of this version's own
 * ({@code preferencestats_v3_layers}); a read combines each counter with its tenant's layer and the system's by the
 * one resolution rule. A change of a default writes one layer row; a user's event moves its counters by the
 * difference, as version 2 does.
 */
@Component
final class PreferenceStatsV3 extends ProjectionVersion<LayeredRow> implements PreferenceStatsReadModel {

    static final String USERS = "preferencestats_v3_users";
    static final String COUNTS = "preferencestats_v3_counts";
    static final String LAYERS = "preferencestats_v3_layers";
    /** The counted value of a field the user holds no explicit value for. */
    static final String INHERITS = "*";
    /** The tenant of a counter of users who belong to none. */
    static final String NO_TENANT = "";
    static final String TOTAL = "total";
    static final String CHANNELS = "channels";
    private static final List<PreferenceField> CHANNEL_FIELDS =
            List.of(PreferenceField.EMAIL, PreferenceField.PUSH, PreferenceField.SMS);
    private static final String COLUMNS = "user_id, version, deleted, tenant_id, theme, language, notify_email,"
            + " notify_push, notify_sms";
    private static final int COLUMN_COUNT = 9;

    private final JdbcTemplate jdbc;

    PreferenceStatsV3(JdbcTemplate jdbc) {
        super(PreferenceStatsVersion.NAME, 3, COUNTS, new LayeredFold(), PreferenceStatsVersion.SEGMENTS,
                List.of(USERS, COUNTS, LAYERS), null);
        this.jdbc = jdbc;
    }

    /** The defaults layers too, keyed by their streams. */
    @Override
    public boolean folds(Class<?> payloadType) {
        return PrefsEvent.class.isAssignableFrom(payloadType);
    }

    @Override
    public RowStore<LayeredRow> rows(UnaryOperator<String> tableOf) {
        return new RoutedRows(new Users(Sql.identifier(tableOf.apply(USERS)), Sql.identifier(tableOf.apply(COUNTS))),
                new LayerTable(jdbc, tableOf.apply(LAYERS)));
    }

    @Override
    public PreferenceStats stats(Build<?> build, String tenantId) {
        Layers layers = new LayerTable(jdbc, build.table(LAYERS)).all();
        long total = 0;
        long enabled = 0;
        Map<String, Long> byTheme = new LinkedHashMap<>();
        for (Theme theme : Theme.values()) {
            byTheme.put(theme.wire(), 0L);
        }
        Map<String, Long> byLanguage = new TreeMap<>();
        Map<String, Long> channels = new LinkedHashMap<>();
        for (String channel : List.of("email", "push", "sms")) {
            channels.put(channel, 0L);
        }
        String sql = "SELECT tenant_id, dimension, value, count FROM " + build.table(COUNTS) + " WHERE count <> 0";
        List<Object[]> counters = tenantId == null
                ? jdbc.query(sql, (rs, i) -> counter(rs))
                : jdbc.query(sql + " AND tenant_id = ?", (rs, i) -> counter(rs), tenantId);
        for (Object[] counter : counters) {
            String tenant = NO_TENANT.equals(counter[0]) ? null : (String) counter[0];
            String value = (String) counter[2];
            long count = (Long) counter[3];
            switch ((String) counter[1]) {
                case TOTAL -> total += count;
                case "theme" -> byTheme.merge((String) effective(layers, tenant, PreferenceField.THEME, value), count,
                        Long::sum);
                case "language" -> byLanguage.merge((String) effective(layers, tenant, PreferenceField.LANGUAGE,
                        value), count, Long::sum);
                case CHANNELS -> {
                    var resolved = layers.resolve(tenant, new PreferenceValues(null, null, choices(value)));
                    boolean any = false;
                    for (int i = 0; i < CHANNEL_FIELDS.size(); i++) {
                        if ((Boolean) resolved.get(CHANNEL_FIELDS.get(i)).value()) {
                            channels.merge(List.of("email", "push", "sms").get(i), count, Long::sum);
                            any = true;
                        }
                    }
                    if (any) {
                        enabled += count;
                    }
                }
                default -> throw new IllegalStateException("Unknown counter dimension " + counter[1]);
            }
        }
        byLanguage.values().removeIf(count -> count == 0);
        return new PreferenceStats(total, byTheme, new LinkedHashMap<>(byLanguage), enabled, channels);
    }

    private static Object[] counter(ResultSet rs) throws SQLException {
        return new Object[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)};
    }

    /** The effective value of {@code field} for users of {@code tenant} counted with {@code value}. */
    private static Object effective(Layers layers, String tenant, PreferenceField field, String value) {
        PreferenceValues explicit = PreferenceValues.NONE.with(field, INHERITS.equals(value) ? null : value);
        return layers.resolve(tenant, explicit).get(field).value();
    }

    /** The joint channel choice of a counter value: one character per channel, {@code t}, {@code f} or {@code *}. */
    static String code(ChannelChoices choices) {
        return "" + code(choices.email()) + code(choices.push()) + code(choices.sms());
    }

    private static char code(Boolean choice) {
        return choice == null ? '*' : choice ? 't' : 'f';
    }

    static ChannelChoices choices(String code) {
        return new ChannelChoices(choice(code.charAt(0)), choice(code.charAt(1)), choice(code.charAt(2)));
    }

    private static Boolean choice(char code) {
        return code == '*' ? null : code == 't';
    }

    /** Adds {@code sign} to every counter {@code row} counts in (none for an absent or deleted user). */
    static void count(UserRow row, long sign, Map<List<String>, Long> deltas) {
        if (row == null || row.deleted()) {
            return;
        }
        String tenant = row.tenantId() == null ? NO_TENANT : row.tenantId();
        PreferenceValues explicit = row.explicit();
        deltas.merge(List.of(tenant, TOTAL, ""), sign, Long::sum);
        deltas.merge(List.of(tenant, "theme", explicit.theme() == null ? INHERITS : explicit.theme()), sign,
                Long::sum);
        deltas.merge(List.of(tenant, "language", explicit.language() == null ? INHERITS : explicit.language()), sign,
                Long::sum);
        deltas.merge(List.of(tenant, CHANNELS, code(explicit.notifications())), sign, Long::sum);
    }

    private static Map<List<String>, Long> counterMap() {
        return new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
    }

    /**
     * Takes the user's counted state off {@code build}'s counters, then deletes their row (the layers keep no user).
     * A batch that loaded the user before and writes after finds the row gone and counts the user as new (see
     * {@link Users#write}), so the counters stay exact.
     */
    @Override
    protected void eraseFrom(Connection connection, Build<LayeredRow> build, String userId) throws SQLException {
        UserRow row = null;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM " + build.table(USERS) + " WHERE user_id = ? FOR UPDATE")) {
            statement.setString(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    row = Users.row(rs);
                }
            }
        }
        Map<List<String>, Long> deltas = counterMap();
        count(row, -1, deltas);
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + build.table(COUNTS)
                + " SET count = count + ? WHERE tenant_id = ? AND dimension = ? AND value = ?")) {
            for (Map.Entry<List<String>, Long> delta : deltas.entrySet()) {
                statement.setLong(1, delta.getValue());
                statement.setString(2, delta.getKey().get(0));
                statement.setString(3, delta.getKey().get(1));
                statement.setString(4, delta.getKey().get(2));
                statement.addBatch();
            }
            if (!deltas.isEmpty()) {
                statement.executeBatch();
            }
        }
        // A counter at zero still names its value, which may be one only this user ever had: it goes too (the
        // stats never show a zero).
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM " + build.table(COUNTS) + " WHERE count = 0")) {
            statement.executeUpdate();
        }
        super.eraseFrom(connection, build, userId);
    }

    /** One build's users and counts tables as its processor loads and writes them. */
    private final class Users implements RowStore<UserRow> {

        private final String users;
        private final String counts;

        Users(String users, String counts) {
            this.users = users;
            this.counts = counts;
        }

        @Override
        public Map<String, UserRow> load(Collection<String> userIds) {
            if (userIds.isEmpty()) {
                return Map.of();
            }
            return jdbc.query(connection -> {
                        var statement = connection.prepareStatement(
                                "SELECT " + COLUMNS + " FROM " + users + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, (rs, i) -> row(rs)).stream()
                    .collect(Collectors.toMap(UserRow::userId, Function.identity()));
        }

        /** The fields the counts do not keep (id, times) get neutral values the fold only carries. */
        private static UserRow row(ResultSet rs) throws SQLException {
            PreferenceValues explicit = new PreferenceValues(rs.getString("theme"), rs.getString("language"),
                    new ChannelChoices(LayerTable.bool(rs, "notify_email"), LayerTable.bool(rs, "notify_push"),
                            LayerTable.bool(rs, "notify_sms")));
            return new UserRow(ProjectedEvent.NO_GLOBAL_INDEX, rs.getString("user_id"), rs.getString("tenant_id"),
                    explicit, Instant.EPOCH, Instant.EPOCH, rs.getLong("version"), rs.getBoolean("deleted"));
        }

        @Override
        public void write(List<RowChange<UserRow>> changes) {
            List<Object> parameters = new ArrayList<>(changes.size() * COLUMN_COUNT);
            for (RowChange<UserRow> change : changes) {
                UserRow row = change.after();
                PreferenceValues explicit = row.explicit();
                parameters.addAll(Arrays.asList(row.userId(), row.version(), row.deleted(), row.tenantId(),
                        explicit.theme(), explicit.language(), explicit.notifications().email(),
                        explicit.notifications().push(), explicit.notifications().sms()));
            }
            // xmax = 0: the row was inserted. A user loaded with a row whose row is gone now was erased meanwhile.
            Set<String> inserted = new HashSet<>(jdbc.query("INSERT INTO " + users + " (" + COLUMNS + ") VALUES "
                        + Sql.valueRows(changes.size(), COLUMN_COUNT)
                        + " ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version,"
                        + " deleted = EXCLUDED.deleted, tenant_id = EXCLUDED.tenant_id, theme = EXCLUDED.theme,"
                        + " language = EXCLUDED.language, notify_email = EXCLUDED.notify_email,"
                        + " notify_push = EXCLUDED.notify_push, notify_sms = EXCLUDED.notify_sms"
                        + " RETURNING user_id, xmax = 0",
                    (rs, i) -> rs.getBoolean(2) ? rs.getString(1) : null, parameters.toArray()));
            Map<List<String>, Long> deltas = counterMap();
            for (RowChange<UserRow> change : changes) {
                if (!inserted.contains(change.after().userId())) {
                    count(change.before(), -1, deltas);
                }
                count(change.after(), 1, deltas);
            }
            deltas.values().removeIf(delta -> delta == 0);
            if (deltas.isEmpty()) {
                return;
            }
            List<Object> counterParameters = new ArrayList<>(deltas.size() * 4);
            deltas.forEach((counter, delta) -> {
                counterParameters.addAll(counter);
                counterParameters.add(delta);
            });
            jdbc.update("INSERT INTO " + counts + " (tenant_id, dimension, value, count) VALUES "
                        + Sql.valueRows(deltas.size(), 4)
                        + " ON CONFLICT (tenant_id, dimension, value) DO UPDATE SET count = " + counts
                        + ".count + EXCLUDED.count",
                    counterParameters.toArray());
        }
    }
}
