package dev.prefs.query.preferences;

import dev.prefs.events.NotificationChannels;
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

/**
 * The rows of the userpreferences projection: written into the table of the version being processed, read from
 * the live version's table. Version 1's table keeps the switch; version 2's the channels (its
 * {@code notifications_enabled} is a generated column, so its filter and the public view work on both).
 */
final class UserPreferencesViewRepository {

    /** How one version's table keeps the notifications. */
    enum Layout {
        SWITCH("notifications_enabled", 9),
        CHANNELS("notify_email, notify_push, notify_sms", 11);

        private final String writtenColumns;
        private final int columnCount;

        Layout(String notificationColumns, int columnCount) {
            this.writtenColumns = "id, user_id, theme, language, " + notificationColumns
                                  + ", created_at, updated_at, version, deleted";
            this.columnCount = columnCount;
        }

        static Layout of(int version) {
            return version >= UserPreferencesProjection.VERSION_2 ? CHANNELS : SWITCH;
        }

        String readColumns() {
            return this == SWITCH ? writtenColumns : writtenColumns + ", notifications_enabled";
        }

        List<Object> values(UserPreferencesView row) {
            List<Object> values = new ArrayList<>(List.of(row.id(), row.userId(), row.theme(), row.language()));
            if (this == SWITCH) {
                values.add(row.notificationsEnabled());
            } else {
                values.addAll(List.of(row.notifications().email(), row.notifications().push(),
                        row.notifications().sms()));
            }
            values.addAll(List.of(utc(row.createdAt()), utc(row.updatedAt()), row.version(), row.deleted()));
            return values;
        }

        String updates() {
            return this == SWITCH ? "notifications_enabled = EXCLUDED.notifications_enabled"
                    : "notify_email = EXCLUDED.notify_email, notify_push = EXCLUDED.notify_push,"
                      + " notify_sms = EXCLUDED.notify_sms";
        }

        UserPreferencesView row(ResultSet rs) throws SQLException {
            NotificationChannels channels = this == SWITCH ? null : new NotificationChannels(
                    rs.getBoolean("notify_email"), rs.getBoolean("notify_push"), rs.getBoolean("notify_sms"));
            return new UserPreferencesView(rs.getLong("id"), rs.getString("user_id"), rs.getString("theme"),
                    rs.getString("language"), rs.getBoolean("notifications_enabled"), channels,
                    instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"),
                    rs.getBoolean("deleted"));
        }
    }

    private final JdbcTemplate jdbc;

    UserPreferencesViewRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows of one version's {@code table}, as its processor reads and writes them. */
    RowStore<UserPreferencesView> rowsOf(String table, Layout layout) {
        return new Rows(Sql.identifier(table), layout);
    }

    /** The user's row in the live version, tombstone included. */
    Optional<UserPreferencesView> find(LiveVersion live, String userId) {
        Layout layout = Layout.of(live.version());
        return jdbc.query("SELECT " + layout.readColumns() + " FROM " + live.table() + " WHERE user_id = ?",
                (rs, i) -> layout.row(rs), userId).stream().findFirst();
    }

    /** Up to {@code limit} existing users of the live version after {@code after}, ordered by user id. */
    List<UserPreferencesView> page(LiveVersion live, PreferencesFilter filter, String after, int limit) {
        Layout layout = Layout.of(live.version());
        StringBuilder sql = new StringBuilder("SELECT " + layout.readColumns() + " FROM " + live.table()
                                              + " WHERE NOT deleted");
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
        return jdbc.query(sql.toString(), (rs, i) -> layout.row(rs), parameters.toArray());
    }

    private final class Rows implements RowStore<UserPreferencesView> {

        private final String table;
        private final Layout layout;

        Rows(String table, Layout layout) {
            this.table = table;
            this.layout = layout;
        }

        @Override
        public Map<String, UserPreferencesView> load(Collection<String> userIds) {
            if (userIds.isEmpty()) {
                return Map.of();
            }
            return jdbc.query(connection -> {
                        var statement = connection.prepareStatement(
                                "SELECT " + layout.readColumns() + " FROM " + table + " WHERE user_id = ANY (?)");
                        statement.setArray(1, connection.createArrayOf("varchar", userIds.toArray()));
                        return statement;
                    }, (rs, i) -> layout.row(rs)).stream()
                    .collect(Collectors.toMap(UserPreferencesView::userId, Function.identity()));
        }

        @Override
        public void write(List<RowChange<UserPreferencesView>> changes) {
            List<Object> parameters = new ArrayList<>(changes.size() * layout.columnCount);
            for (RowChange<UserPreferencesView> change : changes) {
                parameters.addAll(layout.values(change.after()));
            }
            // The WHERE keeps an older write (a slower writer of the same version) from overtaking a newer one.
            jdbc.update("INSERT INTO " + table + " (" + layout.writtenColumns + ") VALUES "
                        + Sql.valueRows(changes.size(), layout.columnCount)
                        + " ON CONFLICT (user_id) DO UPDATE SET id = EXCLUDED.id, theme = EXCLUDED.theme,"
                        + " language = EXCLUDED.language, " + layout.updates() + ","
                        + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,"
                        + " version = EXCLUDED.version, deleted = EXCLUDED.deleted"
                        + " WHERE " + table + ".version < EXCLUDED.version",
                    parameters.toArray());
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
