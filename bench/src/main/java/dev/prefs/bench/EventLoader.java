package dev.prefs.bench;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.EventJson;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.ThemeChangedEvent;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills the event store with users' histories as the command side writes them (same table, JSON, revisions and
 * metadata shape), through COPY, so that loading a million events takes seconds rather than the hours it would
 * through the API. Every user gets {@value #EVENTS_PER_USER} events: created, then theme, language and notification
 * changes. Users never get the languages the PATCH workloads write ({@code de}, {@code fr}), so each of those is a
 * real change.
 */
final class EventLoader {

    static final int EVENTS_PER_USER = 10;
    private static final String[] THEMES = {"dark", "light", "system"};
    private static final String[] LANGUAGES = {"en", "pt-BR", "ja", "es"};
    private static final int USERS_PER_COPY = 20_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final String COPY = "COPY domain_event_entry (aggregate_identifier, sequence_number, type,"
            + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) FROM STDIN"
            + " WITH (FORMAT csv)";

    private final Database database;
    private final Serializer serializer = EventJson.serializer();
    private final String metaData;
    private int users;

    EventLoader(Database database) {
        this.database = database;
        this.metaData = hex("{\"sub\":\"bench\",\"correlationId\":\"bench-load\"}".getBytes());
    }

    static String userId(int index) {
        return "u" + index;
    }

    int users() {
        return users;
    }

    long events() {
        return (long) users * EVENTS_PER_USER;
    }

    /** Adds users until the store holds {@code events} loaded events; returns the seconds it took. */
    double loadUntil(long events) throws SQLException, java.io.IOException {
        int target = Math.toIntExact(events / EVENTS_PER_USER);
        long started = System.nanoTime();
        try (Connection connection = database.connect()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            while (users < target) {
                int until = Math.min(target, users + USERS_PER_COPY);
                StringBuilder csv = new StringBuilder((until - users) * EVENTS_PER_USER * 420);
                for (int user = users; user < until; user++) {
                    appendUser(csv, user);
                }
                copy.copyIn(COPY, new StringReader(csv.toString()));
                users = until;
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private void appendUser(StringBuilder csv, int index) {
        String user = userId(index);
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusMillis(index * 37L);
        List<PreferencesEvent> history = List.of(
                new PreferencesCreatedEvent(user, THEMES[index % 3], LANGUAGES[index % 4], NotificationChannels.DEFAULT),
                new ThemeChangedEvent(user, THEMES[(index + 1) % 3]),
                new LanguageChangedEvent(user, LANGUAGES[(index + 1) % 4]),
                new NotificationsChangedEvent(user, new NotificationChannels(index % 2 == 0, true, index % 5 == 0)),
                new ThemeChangedEvent(user, THEMES[(index + 2) % 3]),
                new LanguageChangedEvent(user, LANGUAGES[(index + 2) % 4]),
                new NotificationsChangedEvent(user, new NotificationChannels(true, index % 3 == 0, index % 5 == 0)),
                new ThemeChangedEvent(user, THEMES[index % 3]),
                new LanguageChangedEvent(user, LANGUAGES[(index + 3) % 4]),
                new NotificationsChangedEvent(user, new NotificationChannels(index % 2 == 1, true, false)));
        for (int sequence = 0; sequence < history.size(); sequence++) {
            appendEvent(csv, user, sequence, history.get(sequence), at.plusMillis(sequence));
        }
    }

    /** The id of the {@code index}th user of {@link #loadTenant}. */
    static String tenantUserId(int index) {
        return "t" + index;
    }

    /**
     * Adds {@code count} users of tenant {@code tenantId} who hold no explicit value (they inherit every field), one
     * creation event each, as the tenants release's command side writes them; returns the seconds it took.
     */
    double loadTenant(String tenantId, int count) throws SQLException, java.io.IOException {
        long started = System.nanoTime();
        try (Connection connection = database.connect()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (int from = 0; from < count; from += USERS_PER_COPY) {
                int until = Math.min(count, from + USERS_PER_COPY);
                StringBuilder csv = new StringBuilder((until - from) * 420);
                for (int index = from; index < until; index++) {
                    String user = tenantUserId(index);
                    appendEvent(csv, user, 0, new PreferencesCreatedEvent(user, tenantId, null, null,
                            ChannelChoices.NONE), Instant.parse("2026-02-01T00:00:00Z").plusMillis(index));
                }
                copy.copyIn(COPY, new StringReader(csv.toString()));
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private void appendEvent(StringBuilder csv, String user, int sequence, PreferencesEvent event, Instant at) {
        SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
        csv.append(user).append(',').append(sequence).append(",UserPreferences,")
           .append(UUID.randomUUID()).append(",\\x").append(metaData).append(",\\x")
           .append(hex(payload.getData())).append(',').append(payload.getType().getRevision()).append(',')
           .append(payload.getType().getName()).append(',').append(at).append('\n');
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
