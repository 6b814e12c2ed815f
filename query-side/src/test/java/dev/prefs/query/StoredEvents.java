package dev.prefs.query;

import dev.prefs.events.EventJson;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Writes many preferences events straight into {@code domain_event_entry} with multi-row INSERTs, serialised as the
 * command side stores them (Axon writes timestamps to the millisecond), and keeps each user's expected state (the fold of everything written), so tests can
 * load 100k events in seconds and compare a projection with what its rows must be.
 */
public final class StoredEvents {

    /** A user's expected row: null fields for a user who is deleted. */
    public record Expected(String theme, String language, NotificationChannels notifications, long version,
                           boolean deleted) {

        public boolean notificationsEnabled() {
            return notifications.anyOn();
        }
    }

    private static final List<String> THEMES = List.of("dark", "light", "system");
    private static final List<String> LANGUAGES = List.of("en", "en-US", "pt-BR", "fr", "de");
    private static final int ROWS_PER_INSERT = 1_000;

    private final DataSource dataSource;
    private final Serializer serializer = EventJson.serializer();
    private final Map<String, Expected> users = new TreeMap<>();
    private final Random random;

    public StoredEvents(DataSource dataSource, long seed) {
        this.dataSource = dataSource;
        this.random = new Random(seed);
    }

    /** {@code count} users ({@code prefix}0, 1, ...) with {@code eventsPerUser} events each, users interleaved. */
    public void users(String prefix, int count, int eventsPerUser) {
        List<PreferencesEvent> events = new ArrayList<>();
        for (int round = 0; round < eventsPerUser; round++) {
            for (int i = 0; i < count; i++) {
                String user = prefix + i;
                events.add(round == 0 ? create(user) : change(user, false));
            }
        }
        append(events);
    }

    /** One more change of each of {@code userIds}, which must exist (no deletes, so they keep existing). */
    public void changes(List<String> userIds) {
        append(userIds.stream().map(user -> change(user, false)).toList());
    }

    public PreferencesEvent create(String user) {
        return new PreferencesCreatedEvent(user, pick(THEMES), pick(LANGUAGES), channels());
    }

    public PreferencesEvent change(String user, boolean mayDelete) {
        Expected state = users.get(user);
        return switch (random.nextInt(mayDelete ? 10 : 9)) {
            case 0, 1, 2 -> new ThemeChangedEvent(user, pick(THEMES));
            case 3, 4, 5 -> new LanguageChangedEvent(user, pick(LANGUAGES));
            case 6, 7 -> new NotificationsChangedEvent(user, channels());
            case 8 -> new PreferencesResetEvent(user, "dark", "en", NotificationChannels.DEFAULT);
            default -> new PreferencesDeletedEvent(user);
        };
    }

    /** Appends {@code events} in order, numbering each user's events after the ones written before. */
    public void append(List<PreferencesEvent> events) {
        try (Connection connection = dataSource.getConnection()) {
            append(connection, events);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same in {@code connection}'s transaction, which the caller commits. */
    public synchronized void append(Connection connection, List<PreferencesEvent> events) {
        Map<String, Long> next = new HashMap<>();
        List<Object[]> rows = new ArrayList<>(events.size());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (PreferencesEvent event : events) {
            String user = event.userId();
            Expected before = users.get(user);
            long sequence = next.getOrDefault(user, before == null ? 0 : before.version());
            next.put(user, sequence + 1);
            users.put(user, apply(before, event, sequence + 1));
            SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
            SerializedObject<byte[]> metaData = serializer.serialize(
                    MetaData.from(Map.of("sub", "load", "correlationId", "corr-" + user + "-" + sequence)),
                    byte[].class);
            rows.add(new Object[]{user, sequence, "UserPreferences", UUID.randomUUID().toString(),
                    metaData.getData(), payload.getData(), payload.getType().getRevision(),
                    payload.getType().getName(), DateTimeUtils.formatInstant(now)});
        }
        try {
            for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                insert(connection, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insert(Connection connection, List<Object[]> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO domain_event_entry (aggregate_identifier, sequence_number,"
                + " type, event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (Object[] row : rows) {
                for (Object value : row) {
                    statement.setObject(p++, value);
                }
            }
            statement.executeUpdate();
        }
    }

    /** Every user written so far and their expected row. */
    public synchronized Map<String, Expected> expected() {
        return new TreeMap<>(users);
    }

    public synchronized long events() {
        return users.values().stream().mapToLong(Expected::version).sum();
    }

    private static Expected apply(Expected state, PreferencesEvent event, long version) {
        if (event instanceof PreferencesCreatedEvent e) {
            return new Expected(e.theme(), e.language(), e.notifications().over(NotificationChannels.DEFAULT), version, false);
        } else if (event instanceof ThemeChangedEvent e) {
            return new Expected(e.theme(), state.language(), state.notifications(), version, false);
        } else if (event instanceof LanguageChangedEvent e) {
            return new Expected(state.theme(), e.language(), state.notifications(), version, false);
        } else if (event instanceof NotificationsChangedEvent e) {
            return new Expected(state.theme(), state.language(), e.notifications().over(NotificationChannels.DEFAULT), version, false);
        } else if (event instanceof PreferencesResetEvent e) {
            return new Expected(e.theme(), e.language(), e.notifications().over(NotificationChannels.DEFAULT), version, false);
        }
        return new Expected(state.theme(), state.language(), state.notifications(), version, true);
    }

    /** Random channels, all combinations. */
    public NotificationChannels channels() {
        return new NotificationChannels(random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
