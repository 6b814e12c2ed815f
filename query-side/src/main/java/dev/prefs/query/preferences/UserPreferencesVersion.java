package dev.prefs.query.preferences;

import dev.prefs.events.NotificationChannels;
import dev.prefs.query.layers.LayerRow;
import dev.prefs.query.layers.Layers;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.PublicView;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import dev.prefs.query.projection.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A version of the userpreferences read model, which knows its one table: the columns every version has (id, user,
 * theme, language, times, version, tombstone) are read and written here; a subclass names the columns of its own
 * (so far how it keeps the notifications), gives their values ({@link #ownValues}) and reads them back ({@link
 * #enabled} and {@link #channels}, or all of {@link #row} for a field the earlier versions did not have). The processors write through {@link #rows}; the queries read the live build through {@link
 * #reads(Build)}. Every version folds with {@link UserPreferencesProjection}. Every table has a
 * {@code notifications_enabled} column (a generated one where it keeps the channels), which the list filters on.
 * These versions keep release 2's meaning: no layers and no tenants, so a read answers no {@code sources}, every
 * {@code tenantId} is null, a tenant's list and counts are empty and a preview of a default moves nobody.
 */
abstract class UserPreferencesVersion extends ProjectionVersion<UserPreferencesView>
        implements UserPreferencesReadModel {

    static final String NAME = "userpreferences";
    /** Users are spread over segments, so several threads fold different users' batches at once. */
    static final int SEGMENTS = 4;

    private final JdbcTemplate jdbc;
    private final String columns;
    private final int columnCount;
    private final String ownUpdates;

    /** {@code ownColumns}: the columns of this version's table beyond every version's, in the order written. */
    UserPreferencesVersion(JdbcTemplate jdbc, int version, String table, PublicView view, List<String> ownColumns,
                           Fold<UserPreferencesView> fold, int segments) {
        super(NAME, version, table, fold, segments, List.of(table), view);
        this.jdbc = jdbc;
        ownColumns.forEach(Sql::identifier);
        this.columns = "id, user_id, theme, language, " + String.join(", ", ownColumns)
                       + ", created_at, updated_at, version, deleted";
        this.columnCount = 8 + ownColumns.size();
        this.ownUpdates = ownColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    /** The values of this version's own columns for {@code row}, in their order. */
    abstract List<Object> ownValues(UserPreferencesView row);

    /** Whether any notification is on, as the row read back says. */
    abstract boolean enabled(ResultSet rs) throws SQLException;

    /** The channels the row read back keeps, or null where the table does not keep them. */
    abstract NotificationChannels channels(ResultSet rs) throws SQLException;

    @Override
    public RowStore<UserPreferencesView> rows(UnaryOperator<String> tableOf) {
        return new Rows(Sql.identifier(tableOf.apply(table())));
    }

    @Override
    public Optional<CurrentPreferences> find(Build<?> build, String userId) {
        return reads(build).find(userId).map(this::current);
    }

    @Override
    public List<CurrentPreferences> page(Build<?> build, PreferencesFilter filter, String after, int limit) {
        if (filter.tenantId().isPresent()) {
            return List.of();
        }
        return reads(build).page(filter, after, limit).stream().map(this::current).toList();
    }

    @Override
    public Optional<Layers> layers(Build<?> build) {
        return Optional.empty();
    }

    @Override
    public long users(Build<?> build, String tenantId) {
        if (tenantId != null) {
            return 0;
        }
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + build.readTable() + " WHERE NOT deleted",
                Long.class);
        return count == null ? 0 : count;
    }

    @Override
    public DefaultsPreview preview(Build<?> build, LayerRow changed) {
        return DefaultsPreview.NOBODY;
    }

    private CurrentPreferences current(UserPreferencesView view) {
        return new CurrentPreferences(view, null, null, 0, 0, version());
    }

    /** The reads of {@code build}'s table (the live build's, for the queries). */
    Reads reads(Build<?> build) {
        return new Reads(build.readTable());
    }

    /** The queries' reads of one build's table. */
    final class Reads {

        private final String table;

        private Reads(String table) {
            this.table = table;
        }

        /** The user's row, tombstone included. */
        Optional<UserPreferencesView> find(String userId) {
            return jdbc.query("SELECT " + columns + " FROM " + table + " WHERE user_id = ?", (rs, i) -> row(rs),
                    userId).stream().findFirst();
        }

        /** Up to {@code limit} existing users after {@code after}, ordered by user id. */
        List<UserPreferencesView> page(PreferencesFilter filter, String after, int limit) {
            StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM " + table + " WHERE NOT deleted");
            List<Object> parameters = new ArrayList<>();
            filter.theme().ifPresent(theme -> {
                sql.append(" AND theme = ?");
                parameters.add(theme);
            });
            filter.language().ifPresent(language -> {
                sql.append(" AND language = ?");
                parameters.add(language);
            });
            filter.notificationsEnabled().ifPresent(enabled -> {
                sql.append(" AND notifications_enabled = ?");
                parameters.add(enabled);
            });
            if (after != null) {
                sql.append(" AND user_id > ?");
                parameters.add(after);
            }
            sql.append(" ORDER BY user_id LIMIT ?");
            parameters.add(limit);
            return jdbc.query(sql.toString(), (rs, i) -> row(rs), parameters.toArray());
        }
    }

    /** One build's table as its processor loads and writes it. */
    private final class Rows implements RowStore<UserPreferencesView> {

        private final String table;

        Rows(String table) {
            this.table = table;
        }

        @Override
        public Map<String, UserPreferencesView> load(Collection<String> userIds) {
            if (userIds.isEmpty()) {
                return Map.of();
            }
            return jdbc.query(connection -> {
                        var statement = connection.prepareStatement(
                                "SELECT " + columns + " FROM " + table + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, (rs, i) -> row(rs)).stream()
                    .collect(Collectors.toMap(UserPreferencesView::userId, Function.identity()));
        }

        @Override
        public void write(List<RowChange<UserPreferencesView>> changes) {
            List<Object> parameters = new ArrayList<>(changes.size() * columnCount);
            for (RowChange<UserPreferencesView> change : changes) {
                parameters.addAll(values(change.after()));
            }
            // The WHERE keeps an older write (a slower writer of the same version) from overtaking a newer one.
            jdbc.update("INSERT INTO " + table + " (" + columns + ") VALUES "
                        + Sql.valueRows(changes.size(), columnCount)
                        + " ON CONFLICT (user_id) DO UPDATE SET id = EXCLUDED.id, theme = EXCLUDED.theme,"
                        + " language = EXCLUDED.language, " + ownUpdates + ","
                        + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,"
                        + " version = EXCLUDED.version, deleted = EXCLUDED.deleted"
                        + " WHERE " + table + ".version < EXCLUDED.version",
                    parameters.toArray());
        }
    }

    /** {@code row}'s values in the order of the written columns. */
    List<Object> values(UserPreferencesView row) {
        List<Object> values = new ArrayList<>(columnCount);
        values.addAll(List.of(row.id(), row.userId(), row.theme(), row.language()));
        values.addAll(ownValues(row));
        values.addAll(List.of(utc(row.createdAt()), utc(row.updatedAt()), row.version(), row.deleted()));
        return values;
    }

    /** The row read back from a result set of the written columns. */
    UserPreferencesView row(ResultSet rs) throws SQLException {
        return new UserPreferencesView(rs.getLong("id"), rs.getString("user_id"), rs.getString("theme"),
                rs.getString("language"), enabled(rs), channels(rs), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("version"), rs.getBoolean("deleted"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
