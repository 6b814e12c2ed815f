package dev.prefs.query.preferences;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.Layer;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.Resolution;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.query.layers.LayerRow;
import dev.prefs.query.layers.LayerTable;
import dev.prefs.query.layers.LayeredFold;
import dev.prefs.query.layers.LayeredRow;
import dev.prefs.query.layers.Layers;
import dev.prefs.query.layers.ResolutionSql;
import dev.prefs.query.layers.RoutedRows;
import dev.prefs.query.layers.UserRow;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.PublicView;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import dev.prefs.query.projection.Sql;
import dev.prefs.events.PrefsEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Version 3 of userpreferences (V9), the tenants release: a user's row keeps the tenant and the EXPLICIT values
 * (null inherits), {@code userpreferences_v3_layers} keeps the layers (one row per tenant with defaults, one for the
 * system once changed), both written by this version's processor, which folds the defaults events too. Reads resolve
 * at read time: one user with {@link Resolution} in Java, list filters with {@link ResolutionSql} over a join. So a
 * change of a default writes one row, whatever the number of users who inherit it. Built by replay beside version 2
 * when first deployed, then switched in.
 */
@Component
final class UserPreferencesV3 extends ProjectionVersion<LayeredRow> implements UserPreferencesReadModel {

    static final String TABLE = "userpreferences_v3";
    static final String LAYERS = "userpreferences_v3_layers";
    /** The psql view: the existing users with their tenant and EXPLICIT values (null: inherits the layers). */
    static final PublicView VIEW = new PublicView("userpreferences", "SELECT id, user_id, tenant_id, theme, language,"
            + " notify_email, notify_push, notify_sms, created_at, updated_at, version FROM " + PublicView.TABLE
            + " WHERE NOT deleted");

    private static final String COLUMNS = "id, user_id, tenant_id, theme, language, notify_email, notify_push,"
            + " notify_sms, created_at, updated_at, version, deleted";
    private static final int COLUMN_COUNT = 12;
    private static final String UPDATES = Arrays.stream(COLUMNS.split(",\\s*")).filter(c -> !c.equals("user_id"))
            .map(column -> column + " = EXCLUDED." + column).collect(Collectors.joining(", "));
    /** A user's columns (alias u), then the tenant layer's (t_...) and the system layer's (s_...). */
    private static final String SELECT = Arrays.stream(COLUMNS.split(",\\s*")).map(c -> "u." + c)
            .collect(Collectors.joining(", ")) + ", " + prefixed("t") + ", " + prefixed("s");

    private final JdbcTemplate jdbc;

    UserPreferencesV3(JdbcTemplate jdbc) {
        super(UserPreferencesVersion.NAME, 3, TABLE, new LayeredFold(), UserPreferencesVersion.SEGMENTS,
                List.of(TABLE, LAYERS), VIEW);
        this.jdbc = jdbc;
    }

    /** The defaults layers too, keyed by their streams. */
    @Override
    public boolean folds(Class<?> payloadType) {
        return PrefsEvent.class.isAssignableFrom(payloadType);
    }

    @Override
    public RowStore<LayeredRow> rows(UnaryOperator<String> tableOf) {
        return new RoutedRows(new Users(Sql.identifier(tableOf.apply(TABLE))),
                new LayerTable(jdbc, tableOf.apply(LAYERS)));
    }

    @Override
    public Optional<CurrentPreferences> find(Build<?> build, String userId) {
        return jdbc.query(select(build) + " WHERE u.user_id = ?", (rs, i) -> current(rs), userId).stream()
                .findFirst();
    }

    @Override
    public List<CurrentPreferences> page(Build<?> build, PreferencesFilter filter, String after, int limit) {
        StringBuilder sql = new StringBuilder(select(build)).append(" WHERE NOT u.deleted");
        List<Object> parameters = new ArrayList<>();
        filter.tenantId().ifPresent(tenant -> {
            sql.append(" AND u.tenant_id = ?");
            parameters.add(tenant);
        });
        filter.theme().ifPresent(theme -> {
            sql.append(" AND ").append(ResolutionSql.effective(PreferenceField.THEME)).append(" = ?");
            parameters.add(theme);
        });
        filter.language().ifPresent(language -> {
            sql.append(" AND ").append(ResolutionSql.effective(PreferenceField.LANGUAGE)).append(" = ?");
            parameters.add(language);
        });
        filter.notificationsEnabled().ifPresent(enabled -> {
            sql.append(" AND (").append(ResolutionSql.effective(PreferenceField.EMAIL)).append(" OR ")
                    .append(ResolutionSql.effective(PreferenceField.PUSH)).append(" OR ")
                    .append(ResolutionSql.effective(PreferenceField.SMS)).append(") = ?");
            parameters.add(enabled);
        });
        if (after != null) {
            sql.append(" AND u.user_id > ?");
            parameters.add(after);
        }
        sql.append(" ORDER BY u.user_id LIMIT ?");
        parameters.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> current(rs), parameters.toArray());
    }

    @Override
    public Optional<Layers> layers(Build<?> build) {
        return Optional.of(new LayerTable(jdbc, build.table(LAYERS)).all());
    }

    /** One layer of {@code build}, if it was ever written. */
    Optional<LayerRow> layer(Build<?> build, String streamId) {
        return new LayerTable(jdbc, build.table(LAYERS)).find(streamId);
    }

    @Override
    public long users(Build<?> build, String tenantId) {
        Long count = tenantId == null
                ? jdbc.queryForObject("SELECT count(*) FROM " + build.readTable() + " WHERE NOT deleted", Long.class)
                : jdbc.queryForObject("SELECT count(*) FROM " + build.readTable()
                                      + " WHERE tenant_id = ? AND NOT deleted", Long.class, tenantId);
        return count == null ? 0 : count;
    }

    /** The page of tenant layers, then one GROUP BY over those tenants' users (the index on tenant_id serves it). */
    @Override
    public List<TenantUsers> tenants(Build<?> build, String after, int limit) {
        String layers = build.table(LAYERS);
        String sql = "WITH page AS (SELECT " + LayerTable.COLUMNS + " FROM " + layers
                + " WHERE tenant_id IS NOT NULL AND (?::text IS NULL OR tenant_id > ?) ORDER BY tenant_id LIMIT ?),"
                + " counts AS (SELECT u.tenant_id, count(*) AS users FROM " + build.readTable()
                + " u WHERE NOT u.deleted AND u.tenant_id IN (SELECT tenant_id FROM page) GROUP BY u.tenant_id)"
                + " SELECT page.*, coalesce(counts.users, 0) AS users FROM page"
                + " LEFT JOIN counts ON counts.tenant_id = page.tenant_id ORDER BY page.tenant_id";
        return jdbc.query(sql, (rs, i) -> new TenantUsers(LayerTable.row(rs, ""), rs.getLong("users")),
                after, after, limit);
    }

    /**
     * Set-wise: the users {@code changed} can reach (a tenant's, or everyone for the system layer) are resolved
     * twice in SQL, with the layer as it is and as it would be (a one-row VALUES list, alias {@code n}), and only the
     * counts of the differences come back, with a sample of the users.
     */
    @Override
    public DefaultsPreview preview(Build<?> build, LayerRow changed) {
        boolean tenant = changed.tenantId() != null;
        List<Object> parameters = new ArrayList<>();
        StringBuilder inner = new StringBuilder("SELECT u.user_id");
        for (PreferenceField field : PreferenceField.values()) {
            inner.append(", ").append(ResolutionSql.effective(field)).append("::text AS o_").append(field.ordinal())
                    .append(", ").append(tenant ? ResolutionSql.effective(field, "u", "n", "s")
                            : ResolutionSql.effective(field, "u", "t", "n")).append("::text AS n_")
                    .append(field.ordinal());
        }
        inner.append(" FROM ").append(build.readTable()).append(" u LEFT JOIN ").append(build.table(LAYERS))
                .append(" t ON t.tenant_id = u.tenant_id LEFT JOIN ").append(build.table(LAYERS))
                .append(" s ON s.stream_id = ? CROSS JOIN (VALUES (?::varchar, ?::varchar, ?::boolean, ?::boolean,")
                .append(" ?::boolean, ?::boolean, ?::boolean, ?::boolean, ?::boolean, ?::boolean)) AS n (theme,")
                .append(" language, notify_email, notify_push, notify_sms, enforce_theme, enforce_language,")
                .append(" enforce_email, enforce_push, enforce_sms) WHERE NOT u.deleted");
        parameters.add(SystemDefaultsChangedEvent.STREAM);
        PreferenceValues values = changed.defaults();
        parameters.addAll(Arrays.asList(values.theme(), values.language(), values.notifications().email(),
                values.notifications().push(), values.notifications().sms()));
        for (PreferenceField field : PreferenceField.values()) {
            parameters.add(changed.enforced().contains(field));
        }
        if (tenant) {
            inner.append(" AND u.tenant_id = ?");
            parameters.add(changed.tenantId());
        }
        String moved = Arrays.stream(PreferenceField.values())
                .map(f -> "o_" + f.ordinal() + " IS DISTINCT FROM n_" + f.ordinal())
                .collect(Collectors.joining(" OR "));
        String with = "WITH x AS (" + inner + ") ";
        Object[] args = parameters.toArray();
        Long affected = jdbc.queryForObject(with + "SELECT count(*) FROM x WHERE " + moved, Long.class, args);
        List<String> sample = jdbc.queryForList(with + "SELECT user_id FROM x WHERE " + moved
                                                + " ORDER BY user_id LIMIT " + DefaultsPreview.SAMPLE, String.class,
                args);
        String pairs = Arrays.stream(PreferenceField.values())
                .map(f -> "(" + f.ordinal() + ", o_" + f.ordinal() + ", n_" + f.ordinal() + ")")
                .collect(Collectors.joining(", "));
        Map<PreferenceField, Map<String, Long>> byField = new EnumMap<>(PreferenceField.class);
        jdbc.query(with + "SELECT v.f, v.o, v.n, count(*) FROM x CROSS JOIN LATERAL (VALUES " + pairs
                   + ") AS v (f, o, n) WHERE v.o IS DISTINCT FROM v.n GROUP BY v.f, v.o, v.n", rs -> {
            PreferenceField field = PreferenceField.values()[rs.getInt(1)];
            byField.computeIfAbsent(field, f -> new TreeMap<>())
                    .put(rs.getString(2) + " → " + rs.getString(3), rs.getLong(4));
        }, args);
        Map<String, Map<String, Long>> changes = new LinkedHashMap<>();
        byField.forEach((field, moves) -> changes.put(field.wire(), moves));
        return new DefaultsPreview(affected == null ? 0 : affected, changes, sample);
    }

    private String select(Build<?> build) {
        return "SELECT " + SELECT + " FROM " + build.readTable() + " u LEFT JOIN " + build.table(LAYERS)
               + " t ON t.tenant_id = u.tenant_id LEFT JOIN " + build.table(LAYERS) + " s ON s.stream_id = '"
               + SystemDefaultsChangedEvent.STREAM + "'";
    }

    private static String prefixed(String alias) {
        return Arrays.stream(LayerTable.COLUMNS.split(",\\s*")).map(c -> alias + "." + c + " AS " + alias + "_" + c)
                .collect(Collectors.joining(", "));
    }

    /** A row of {@link #select}: the user resolved against the layers it joined. */
    private CurrentPreferences current(ResultSet rs) throws SQLException {
        UserRow user = userRow(rs, "");
        LayerRow tenant = LayerTable.row(rs, "t_");
        LayerRow system = LayerTable.row(rs, "s_");
        Layers layers = new Layers(system, tenant == null ? Map.of() : Map.of(tenant.tenantId(), tenant));
        Map<PreferenceField, Resolution.Resolved> resolved = layers.resolve(user.tenantId(), user.explicit());
        Map<PreferenceField, Layer> sources = new EnumMap<>(PreferenceField.class);
        resolved.forEach((field, value) -> sources.put(field, value.source()));
        NotificationChannels channels = new NotificationChannels(
                (Boolean) resolved.get(PreferenceField.EMAIL).value(),
                (Boolean) resolved.get(PreferenceField.PUSH).value(),
                (Boolean) resolved.get(PreferenceField.SMS).value());
        UserPreferencesView view = new UserPreferencesView(user.id(), user.userId(),
                (String) resolved.get(PreferenceField.THEME).value(),
                (String) resolved.get(PreferenceField.LANGUAGE).value(), channels.anyOn(), channels,
                user.createdAt(), user.updatedAt(), user.version(), user.deleted());
        return new CurrentPreferences(view, user.tenantId(), sources, layers.tenantVersion(user.tenantId()),
                layers.systemVersion(), version());
    }

    private static UserRow userRow(ResultSet rs, String prefix) throws SQLException {
        PreferenceValues explicit = new PreferenceValues(rs.getString(prefix + "theme"),
                rs.getString(prefix + "language"), new ChannelChoices(LayerTable.bool(rs, prefix + "notify_email"),
                LayerTable.bool(rs, prefix + "notify_push"), LayerTable.bool(rs, prefix + "notify_sms")));
        return new UserRow(rs.getLong(prefix + "id"), rs.getString(prefix + "user_id"),
                rs.getString(prefix + "tenant_id"), explicit,
                rs.getObject(prefix + "created_at", OffsetDateTime.class).toInstant(),
                rs.getObject(prefix + "updated_at", OffsetDateTime.class).toInstant(), rs.getLong(prefix + "version"),
                rs.getBoolean(prefix + "deleted"));
    }

    /** One build's users table as its processor loads and writes it. */
    private final class Users implements RowStore<UserRow> {

        private final String table;

        Users(String table) {
            this.table = table;
        }

        @Override
        public Map<String, UserRow> load(Collection<String> userIds) {
            if (userIds.isEmpty()) {
                return Map.of();
            }
            return jdbc.query(connection -> {
                        var statement = connection.prepareStatement(
                                "SELECT " + COLUMNS + " FROM " + table + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, (rs, i) -> userRow(rs, "")).stream()
                    .collect(Collectors.toMap(UserRow::userId, Function.identity()));
        }

        @Override
        public void write(List<RowChange<UserRow>> changes) {
            List<Object> parameters = new ArrayList<>(changes.size() * COLUMN_COUNT);
            for (RowChange<UserRow> change : changes) {
                UserRow row = change.after();
                PreferenceValues explicit = row.explicit();
                parameters.addAll(Arrays.asList(row.id(), row.userId(), row.tenantId(), explicit.theme(),
                        explicit.language(), explicit.notifications().email(), explicit.notifications().push(),
                        explicit.notifications().sms(), row.createdAt().atOffset(ZoneOffset.UTC),
                        row.updatedAt().atOffset(ZoneOffset.UTC), row.version(), row.deleted()));
            }
            // The WHERE keeps an older write (a slower writer of the same version) from overtaking a newer one.
            jdbc.update("INSERT INTO " + table + " (" + COLUMNS + ") VALUES "
                        + Sql.valueRows(changes.size(), COLUMN_COUNT) + " ON CONFLICT (user_id) DO UPDATE SET "
                        + UPDATES + " WHERE " + table + ".version < EXCLUDED.version", parameters.toArray());
        }
    }
}
