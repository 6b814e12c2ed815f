package dev.prefs.query.changes;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.DefaultsEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.events.TenantId;
import dev.prefs.query.projection.InOrderBatch;
import dev.prefs.query.projection.ProjectedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One unit of work of the change feed: folds each event in order into the users' and layers' state and writes an
 * item for every user whose effective values it moved. A user's event makes at most one item (creation and deletion
 * always make one: every field from or to null); a layer's event makes one per user of the layer whose effective
 * values move, in user id order, found by a scan of the users as folded up to that event (the batch writes its
 * pending users first, so the scan sees them). An event the state already holds (its sequence number below the
 * stream's version) changes nothing, so a replayed event is harmless.
 */
final class ChangeFeedBatch implements InOrderBatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ITEMS_PER_INSERT = 500;

    private final JdbcTemplate jdbc;
    private final FeedTables tables;
    private final Map<String, Optional<FeedUser>> users = new HashMap<>();
    private final Map<String, FeedUser> dirtyUsers = new LinkedHashMap<>();
    private final Map<String, Optional<FeedLayer>> layers = new HashMap<>();
    private final Map<String, FeedLayer> dirtyLayers = new LinkedHashMap<>();
    private final List<StoredItem> pendingItems = new ArrayList<>();
    private long position = -1;
    private long written;

    ChangeFeedBatch(JdbcTemplate jdbc, FeedTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    @Override
    public void apply(ProjectedEvent event, Map<String, ?> metaData) {
        if (position < 0) {
            position = lastPosition();
        }
        Object sub = metaData.get("sub");
        String by = sub == null ? null : sub.toString();
        if (event.payload() instanceof PreferencesEvent userEvent) {
            user(event, userEvent, by);
        } else if (event.payload() instanceof DefaultsEvent layerEvent) {
            layer(event, layerEvent, by);
        }
    }

    private void user(ProjectedEvent event, PreferencesEvent payload, String by) {
        FeedUser before = user(event.userId());
        if (before != null && event.sequenceNumber() < before.version()) {
            return;
        }
        FeedUser after = FeedUser.fold(before, event.userId(), payload, event.version());
        Map<String, EffectiveValues.FieldChange> changes = EffectiveValues.diff(effective(before), effective(after));
        users.put(after.userId(), Optional.of(after));
        dirtyUsers.put(after.userId(), after);
        if (!changes.isEmpty()) {
            add(event, 0, after, "user", after.userId(), by, changes);
        }
    }

    private void layer(ProjectedEvent event, DefaultsEvent payload, String by) {
        String stream = event.userId();
        FeedLayer before = layer(stream);
        if (before.version() > event.sequenceNumber()) {
            return;
        }
        FeedLayer after;
        String tenant = null;
        if (payload instanceof TenantDefaultsChangedEvent tenantEvent) {
            tenant = tenantEvent.tenantId();
            after = new FeedLayer(stream, event.version(), tenantEvent.defaults(), tenantEvent.enforced());
        } else if (payload instanceof SystemDefaultsChangedEvent systemEvent) {
            after = new FeedLayer(stream, event.version(), systemEvent.defaults(), Set.of());
        } else {
            return;
        }
        // The scan reads the users' table: what this batch folded so far must be in it.
        writeUsers();
        if (tenant == null) {
            // Every tenant's layer, as the batch has it, for the users of all tenants.
            jdbc.query("SELECT * FROM " + tables.layers(), rs -> {
                FeedLayer stored = layerRow(rs);
                layers.putIfAbsent(stored.streamId(), Optional.of(stored));
            });
        }
        FeedLayer systemBefore = system();
        FeedLayer systemAfter = tenant == null ? after : systemBefore;
        String causeId = tenant == null ? "system" : tenant;
        String layerName = tenant == null ? "system" : "tenant";
        int[] ordinal = {0};
        String sql = "SELECT * FROM " + tables.users() + " WHERE present"
                     + (tenant == null ? "" : " AND tenant_id = ?") + " ORDER BY user_id";
        Object[] args = tenant == null ? new Object[0] : new Object[]{tenant};
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setFetchSize(1_000);
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement;
        }, rs -> {
            FeedUser user = userRow(rs);
            FeedLayer tenantBefore = tenantLayer(user.tenantId(), stream, before);
            FeedLayer tenantAfter = tenantLayer(user.tenantId(), stream, after);
            Map<String, EffectiveValues.FieldChange> changes = EffectiveValues.diff(
                    EffectiveValues.of(systemBefore, tenantBefore, user),
                    EffectiveValues.of(systemAfter, tenantAfter, user));
            if (!changes.isEmpty()) {
                add(event, ordinal[0]++, user, layerName, causeId, by, changes);
                if (pendingItems.size() >= ITEMS_PER_INSERT) {
                    writeItems();
                }
            }
        });
        layers.put(stream, Optional.of(after));
        dirtyLayers.put(stream, after);
    }

    /** The tenant layer of a user of {@code tenantId}: {@code replaced} if it is the layer {@code stream} changing. */
    private FeedLayer tenantLayer(String tenantId, String stream, FeedLayer replaced) {
        if (tenantId == null) {
            return null;
        }
        String tenantStream = TenantId.stream(tenantId);
        return tenantStream.equals(stream) ? replaced : layer(tenantStream);
    }

    private void add(ProjectedEvent event, int ordinal, FeedUser user, String layer, String causeId, String by,
                     Map<String, EffectiveValues.FieldChange> changes) {
        Map<String, Map<String, Object>> json = new LinkedHashMap<>();
        changes.forEach((field, change) -> {
            Map<String, Object> fromTo = new LinkedHashMap<>();
            fromTo.put("from", change.from());
            fromTo.put("to", change.to());
            json.put(field, fromTo);
        });
        pendingItems.add(new StoredItem(++position, event.globalIndex(), ordinal, user.userId(), user.tenantId(),
                user.version(), event.timestamp(), layer, causeId, type(event), by, JSON.writeValueAsString(json)));
    }

    private static String type(ProjectedEvent event) {
        return event.payload().getClass().getSimpleName().replaceFirst("Event$", "");
    }

    private Map<String, Object> effective(FeedUser user) {
        if (user == null || !user.present()) {
            return null;
        }
        return EffectiveValues.of(system(), user.tenantId() == null ? null : layer(TenantId.stream(user.tenantId())),
                user);
    }

    private FeedLayer system() {
        FeedLayer system = layer(SystemDefaultsChangedEvent.STREAM);
        return system.version() == 0 ? FeedLayer.BUILT_IN_SYSTEM : system;
    }

    private FeedUser user(String userId) {
        return users.computeIfAbsent(userId, id -> jdbc.query("SELECT * FROM " + tables.users()
                + " WHERE user_id = ?", (rs, i) -> userRow(rs), id).stream().findFirst()).orElse(null);
    }

    /** The layer of {@code stream} (version 0 with no values if it never changed; the system's: see system()). */
    private FeedLayer layer(String stream) {
        return layers.computeIfAbsent(stream, id -> jdbc.query("SELECT * FROM " + tables.layers()
                + " WHERE stream_id = ?", (rs, i) -> layerRow(rs), id).stream().findFirst())
                .orElseGet(() -> FeedLayer.empty(stream));
    }

    @Override
    public boolean flush() {
        writeUsers();
        writeLayers();
        writeItems();
        if (written > 0) {
            jdbc.update("INSERT INTO " + tables.state() + " (id, last_position, purged_through) VALUES (1, ?, 0)"
                        + " ON CONFLICT (id) DO UPDATE SET last_position = excluded.last_position", position);
        }
        return written > 0;
    }

    private long lastPosition() {
        return jdbc.query("SELECT last_position FROM " + tables.state() + " WHERE id = 1", (rs, i) -> rs.getLong(1))
                .stream().findFirst().orElse(0L);
    }

    private void writeUsers() {
        if (dirtyUsers.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO " + tables.users() + " (user_id, version, present, tenant_id, theme, language,"
                         + " notify_email, notify_push, notify_sms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         + " ON CONFLICT (user_id) DO UPDATE SET version = excluded.version,"
                         + " present = excluded.present, tenant_id = excluded.tenant_id, theme = excluded.theme,"
                         + " language = excluded.language, notify_email = excluded.notify_email,"
                         + " notify_push = excluded.notify_push, notify_sms = excluded.notify_sms",
                dirtyUsers.values().stream().map(u -> new Object[]{u.userId(), u.version(), u.present(),
                        u.tenantId(), u.explicit().theme(), u.explicit().language(),
                        u.explicit().notifications().email(), u.explicit().notifications().push(),
                        u.explicit().notifications().sms()}).toList(),
                new int[]{Types.VARCHAR, Types.BIGINT, Types.BOOLEAN, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                        Types.BOOLEAN, Types.BOOLEAN, Types.BOOLEAN});
        dirtyUsers.clear();
    }

    private void writeLayers() {
        if (dirtyLayers.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO " + tables.layers() + " (stream_id, version, theme, language, notify_email,"
                         + " notify_push, notify_sms, enforced) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                         + " ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version,"
                         + " theme = excluded.theme, language = excluded.language,"
                         + " notify_email = excluded.notify_email, notify_push = excluded.notify_push,"
                         + " notify_sms = excluded.notify_sms, enforced = excluded.enforced",
                dirtyLayers.values().stream().map(l -> new Object[]{l.streamId(), l.version(), l.values().theme(),
                        l.values().language(), l.values().notifications().email(),
                        l.values().notifications().push(), l.values().notifications().sms(),
                        l.enforced().stream().sorted().map(PreferenceField::wire)
                                .collect(Collectors.joining(","))}).toList(),
                new int[]{Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN, Types.BOOLEAN,
                        Types.BOOLEAN, Types.VARCHAR});
        dirtyLayers.clear();
    }

    private void writeItems() {
        if (pendingItems.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO " + tables.items() + " (position, global_index, ordinal, user_id, tenant_id,"
                         + " version, at, cause_layer, cause_id, cause_type, cause_by, changes)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                pendingItems.stream().map(i -> new Object[]{i.position(), i.globalIndex(), i.ordinal(), i.userId(),
                        i.tenantId(), i.version(), i.at().atOffset(ZoneOffset.UTC), i.causeLayer(), i.causeId(),
                        i.causeType(), i.causeBy(), i.changes()}).toList(),
                new int[]{Types.BIGINT, Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.BIGINT,
                        Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                        Types.VARCHAR});
        written += pendingItems.size();
        pendingItems.clear();
    }

    static FeedUser userRow(ResultSet rs) throws SQLException {
        return new FeedUser(rs.getString("user_id"), rs.getLong("version"), rs.getBoolean("present"),
                rs.getString("tenant_id"), new PreferenceValues(rs.getString("theme"), rs.getString("language"),
                new ChannelChoices(bool(rs, "notify_email"), bool(rs, "notify_push"), bool(rs, "notify_sms"))));
    }

    private static FeedLayer layerRow(ResultSet rs) throws SQLException {
        String enforced = rs.getString("enforced");
        Set<PreferenceField> fields = enforced.isEmpty() ? Set.of() : Arrays.stream(enforced.split(","))
                .map(PreferenceField::fromWire).collect(Collectors.toCollection(() -> EnumSet.noneOf(
                        PreferenceField.class)));
        return new FeedLayer(rs.getString("stream_id"), rs.getLong("version"), new PreferenceValues(
                rs.getString("theme"), rs.getString("language"), new ChannelChoices(bool(rs, "notify_email"),
                bool(rs, "notify_push"), bool(rs, "notify_sms"))), fields);
    }

    private static Boolean bool(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
