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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * <p>
 * Rows are written in the stored form of the release under test ({@link StoredForm}): for this release, under each
 * user's pseudonym with payload and metadata sealed with the user's data key (created in {@code user_data_key} as
 * the service creates it), exactly what the service's storage engine writes; for a release before encryption, in
 * clear under the user id. Sealing runs on {@value #THREADS} threads, each block of {@value #KEY_BLOCK} users' keys
 * created in a few statements first.
 */
final class EventLoader implements AutoCloseable {

    static final int EVENTS_PER_USER = 10;
    private static final String[] THEMES = {"dark", "light", "system"};
    private static final String[] LANGUAGES = {"en", "pt-BR", "ja", "es"};
    private static final int USERS_PER_COPY = 20_000;
    private static final int THREADS = 8;
    /** Users whose keys are created together (one INSERT: PersonalDataKeys' query limit). */
    private static final int KEY_BLOCK = 1_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final String COPY = "COPY domain_event_entry (aggregate_identifier, sequence_number, type,"
            + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) FROM STDIN"
            + " WITH (FORMAT csv)";

    private final Database database;
    private final Serializer serializer = EventJson.serializer();
    private final byte[] metaData = "{\"sub\":\"bench\",\"correlationId\":\"bench-load\"}".getBytes();
    private final StoredForm form;
    private final ForkJoinPool sealing = new ForkJoinPool(THREADS);
    private int users;

    /** A loader writing what this release's service writes: events encrypted, keys wrapped with {@code masterKey}. */
    EventLoader(Database database, String masterKey) {
        this(database, StoredForm.encrypted(database, masterKey, THREADS, true));
    }

    private EventLoader(Database database, StoredForm form) {
        this.database = database;
        this.form = form;
    }

    /** A loader writing events in clear under the user id, as the releases before encryption did. */
    static EventLoader clear(Database database) {
        return new EventLoader(database, StoredForm.clear());
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
                copy.copyIn(COPY, new StringReader(csv(users, until, EventLoader::userId, this::appendUser)));
                users = until;
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * The CSV of users {@code from} to {@code until}, built on the sealing pool in blocks of {@value #KEY_BLOCK}
     * users: each block's keys read or created at once ({@link StoredForm#prepare}), then its users' rows sealed.
     */
    private String csv(int from, int until, IntFunction<String> userId,
                       java.util.function.BiConsumer<StringBuilder, Integer> user) {
        try {
            return sealing.submit(() -> IntStream.range(0, (until - from + KEY_BLOCK - 1) / KEY_BLOCK).parallel()
                    .mapToObj(block -> {
                        int first = from + block * KEY_BLOCK;
                        int last = Math.min(until, first + KEY_BLOCK);
                        form.prepare(IntStream.range(first, last).mapToObj(userId).toList());
                        StringBuilder rows = new StringBuilder((last - first) * EVENTS_PER_USER * 700);
                        for (int index = first; index < last; index++) {
                            user.accept(rows, index);
                        }
                        return rows;
                    }).collect(Collectors.joining())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Sealing the loaded events failed", e.getCause());
        }
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
                copy.copyIn(COPY, new StringReader(csv(from, until, EventLoader::tenantUserId, (csv, index) -> {
                    String user = tenantUserId(index);
                    appendEvent(csv, user, 0, new PreferencesCreatedEvent(user, tenantId, null, null,
                            ChannelChoices.NONE), Instant.parse("2026-02-01T00:00:00Z").plusMillis(index));
                })));
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private void appendEvent(StringBuilder csv, String user, int sequence, PreferencesEvent event, Instant at) {
        SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
        String eventId = UUID.randomUUID().toString();
        StoredForm.Row row = form.seal(user, eventId, payload.getData(), metaData);
        csv.append(row.aggregateId()).append(',').append(sequence).append(",UserPreferences,")
           .append(eventId).append(",\\x").append(hex(row.metaData())).append(",\\x")
           .append(hex(row.payload())).append(',').append(payload.getType().getRevision()).append(',')
           .append(payload.getType().getName()).append(',').append(at).append('\n');
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    @Override
    public void close() {
        sealing.shutdownNow();
        form.close();
    }
}
