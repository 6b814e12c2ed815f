package dev.prefs.query.layers;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantId;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import dev.prefs.query.projection.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One build's layers table (the shape V9 gives {@code userpreferences_v3_layers} and {@code
 * preferencestats_v3_layers}): written by its processor as a {@link RowStore}, read by the queries.
 */
public final class LayerTable implements RowStore<LayerRow> {

    public static final String COLUMNS = "stream_id, tenant_id, theme, language, notify_email, notify_push, notify_sms,"
            + " enforce_theme, enforce_language, enforce_email, enforce_push, enforce_sms, version, updated_at";
    private static final int COLUMN_COUNT = 14;
    private static final String UPDATES = Arrays.stream(COLUMNS.split(",\\s*")).skip(1)
            .map(column -> column + " = EXCLUDED." + column).collect(Collectors.joining(", "));

    private final JdbcTemplate jdbc;
    private final String table;

    public LayerTable(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = Sql.identifier(table);
    }

    public String table() {
        return table;
    }

    @Override
    public Map<String, LayerRow> load(Collection<String> streamIds) {
        if (streamIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.query(connection -> {
                    var statement = connection.prepareStatement(
                            "SELECT " + COLUMNS + " FROM " + table + " WHERE stream_id = ANY (?)");
                    statement.setArray(1, connection.createArrayOf("varchar", streamIds.toArray()));
                    return statement;
                }, (rs, i) -> row(rs, "")).stream()
                .collect(Collectors.toMap(LayerRow::streamId, Function.identity()));
    }

    @Override
    public void write(List<RowChange<LayerRow>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Object> parameters = new ArrayList<>(changes.size() * COLUMN_COUNT);
        for (RowChange<LayerRow> change : changes) {
            LayerRow row = change.after();
            PreferenceValues values = row.defaults();
            parameters.add(row.streamId());
            parameters.add(row.tenantId());
            parameters.add(values.theme());
            parameters.add(values.language());
            parameters.add(values.notifications().email());
            parameters.add(values.notifications().push());
            parameters.add(values.notifications().sms());
            for (PreferenceField field : PreferenceField.values()) {
                parameters.add(row.enforced().contains(field));
            }
            parameters.add(row.version());
            parameters.add(row.updatedAt().atOffset(ZoneOffset.UTC));
        }
        jdbc.update("INSERT INTO " + table + " (" + COLUMNS + ") VALUES " + Sql.valueRows(changes.size(), COLUMN_COUNT)
                    + " ON CONFLICT (stream_id) DO UPDATE SET " + UPDATES
                    + " WHERE " + table + ".version < EXCLUDED.version", parameters.toArray());
    }

    /** Every layer of the build: the system's (if it was ever changed) and every tenant's that has defaults. */
    public Layers all() {
        return layers(jdbc.query("SELECT " + COLUMNS + " FROM " + table, (rs, i) -> row(rs, "")));
    }

    /** The system layer and {@code tenantId}'s (null: no tenant), as far as they exist. */
    public Layers of(String tenantId) {
        List<String> streams = new ArrayList<>(List.of(SystemDefaultsChangedEvent.STREAM));
        if (tenantId != null) {
            streams.add(TenantId.stream(tenantId));
        }
        return layers(new ArrayList<>(load(streams).values()));
    }

    /** The layer of {@code streamId}, if it was ever written. */
    public Optional<LayerRow> find(String streamId) {
        return Optional.ofNullable(load(List.of(streamId)).get(streamId));
    }

    private static Layers layers(List<LayerRow> rows) {
        LayerRow system = null;
        Map<String, LayerRow> tenants = new HashMap<>();
        for (LayerRow row : rows) {
            if (row.tenantId() == null) {
                system = row;
            } else {
                tenants.put(row.tenantId(), row);
            }
        }
        return new Layers(system, tenants);
    }

    /**
     * A layer read from columns named as in the table with {@code prefix} before each (a join may read a user's tenant
     * layer as {@code t_theme} and so on); null when the join found none.
     */
    public static LayerRow row(ResultSet rs, String prefix) throws SQLException {
        String streamId = rs.getString(prefix + "stream_id");
        if (streamId == null) {
            return null;
        }
        PreferenceValues values = new PreferenceValues(rs.getString(prefix + "theme"),
                rs.getString(prefix + "language"), new ChannelChoices(bool(rs, prefix + "notify_email"),
                bool(rs, prefix + "notify_push"), bool(rs, prefix + "notify_sms")));
        Set<PreferenceField> enforced = EnumSet.noneOf(PreferenceField.class);
        for (PreferenceField field : PreferenceField.values()) {
            if (rs.getBoolean(prefix + ResolutionSql.enforceColumn(field))) {
                enforced.add(field);
            }
        }
        Instant updatedAt = rs.getObject(prefix + "updated_at", OffsetDateTime.class).toInstant();
        return new LayerRow(streamId, rs.getString(prefix + "tenant_id"), values, enforced,
                rs.getLong(prefix + "version"), updatedAt);
    }

    /** A nullable boolean column. */
    public static Boolean bool(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
