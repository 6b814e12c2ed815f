package dev.prefs.query.preferences;

import dev.prefs.query.projection.LiveVersion;
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
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The rows of the userpreferences projection: written into the table of the version being processed, read from
 * the live version's table (every version keeps the v1 columns).
 */
final class UserPreferencesViewRepository {

    private static final String COLUMNS =
            "id, user_id, theme, language, notifications_enabled, created_at, updated_at, version, deleted";
    private static final RowMapper<UserPreferencesView> ROW = UserPreferencesViewRepository::row;

    private final JdbcTemplate jdbc;

    UserPreferencesViewRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows of one version's {@code table}, as its processor reads and writes them. */
    RowStore<UserPreferencesView> rowsOf(String table) {
        return new Rows(Sql.identifier(table));
    }

    /** The user's row in the live version, tombstone included. */
    Optional<UserPreferencesView> find(LiveVersion live, String userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + live.table() + " WHERE user_id = ?", ROW, userId)
                   .stream().findFirst();
    }

    /** Up to {@code limit} existing users of the live version after {@code after}, ordered by user id. */
    List<UserPreferencesView> page(LiveVersion live, PreferencesFilter filter, String after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + live.table() + " WHERE NOT deleted");
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
        return jdbc.query(sql.toString(), ROW, parameters.toArray());
    }

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
                                "SELECT " + COLUMNS + " FROM " + table + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, ROW).stream()
                    .collect(Collectors.toMap(UserPreferencesView::userId, Function.identity()));
        }

        @Override
        public void write(List<RowChange<UserPreferencesView>> changes) {
            List<Object> parameters = new ArrayList<>(changes.size() * 9);
            for (RowChange<UserPreferencesView> change : changes) {
                UserPreferencesView row = change.after();
                parameters.addAll(List.of(row.id(), row.userId(), row.theme(), row.language(),
                        row.notificationsEnabled(), utc(row.createdAt()), utc(row.updatedAt()), row.version(),
                        row.deleted()));
            }
            // The WHERE keeps an older write (a slower writer of the same version) from overtaking a newer one.
            jdbc.update("INSERT INTO " + table + " (" + COLUMNS + ") VALUES " + Sql.valueRows(changes.size(), 9)
                        + " ON CONFLICT (user_id) DO UPDATE SET id = EXCLUDED.id, theme = EXCLUDED.theme,"
                        + " language = EXCLUDED.language, notifications_enabled = EXCLUDED.notifications_enabled,"
                        + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,"
                        + " version = EXCLUDED.version, deleted = EXCLUDED.deleted"
                        + " WHERE " + table + ".version < EXCLUDED.version",
                    parameters.toArray());
        }
    }

    private static UserPreferencesView row(ResultSet rs, int rowNum) throws SQLException {
        return new UserPreferencesView(rs.getLong("id"), rs.getString("user_id"), rs.getString("theme"),
                rs.getString("language"), rs.getBoolean("notifications_enabled"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("version"), rs.getBoolean("deleted"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
