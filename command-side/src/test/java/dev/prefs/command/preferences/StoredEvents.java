package dev.prefs.command.preferences;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.platform.crypto.MasterKeys;
import dev.prefs.platform.crypto.PersonalDataKeys;
import dev.prefs.platform.crypto.StoredEventCrypto;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;

/**
 * What the event store holds for one aggregate (a user, a layer), read straight from {@code domain_event_entry} and
 * decrypted as the engine does (a user's rows are stored under the stream's pseudonym, encrypted with the test master
 * key; a layer's stream is stored in clear).
 */
public final class StoredEvents {

    /** The master key of the tests ({@code src/test/resources/application.properties}). */
    static final String TEST_MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** One stored event: its simple payload type, payload JSON and metadata JSON. */
    public record Row(long sequence, String type, String payload, String metaData) {
    }

    private final TestDatabase database;
    private StoredEventCrypto crypto;

    public StoredEvents(TestDatabase database) {
        this.database = database;
    }

    /** How the engine stores events, with the test master key (made on first use: the schema must exist). */
    static StoredEventCrypto crypto(TestDatabase database) {
        return new StoredEventCrypto(new PersonalDataKeys(database.dataSource(), MasterKeys.of(TEST_MASTER_KEY, null)));
    }

    private StoredEventCrypto crypto() {
        if (crypto == null) {
            crypto = crypto(database);
        }
        return crypto;
    }

    /**
     * Appends a {@code ThemeChangedEvent} (theme {@code system}) to the user's stream as another process's engine
     * would: under the stream's pseudonym, encrypted, at the next sequence number, committed.
     */
    static void appendAsAnotherProcess(TestDatabase database, String userId) throws SQLException {
        StoredEventCrypto crypto = crypto(database);
        try (Connection connection = database.connect()) {
            long next;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)")) {
                count.setString(1, crypto.storedStreamId(userId));
                count.setString(2, userId);
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    next = result.getLong(1);
                }
            }
            String eventId = UUID.randomUUID().toString();
            StoredEventCrypto.Sealed sealed = crypto.seal(userId, eventId,
                    ("{\"userId\":\"" + userId + "\",\"theme\":\"system\"}").getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8));
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp)
                    VALUES (?, ?, 'UserPreferences', ?, ?, ?, '1', 'dev.prefs.events.ThemeChangedEvent', ?)""")) {
                insert.setString(1, sealed.aggregateId());
                insert.setLong(2, next);
                insert.setString(3, eventId);
                insert.setBytes(4, sealed.metaData());
                insert.setBytes(5, sealed.payload());
                insert.setString(6, Instant.now().toString());
                insert.executeUpdate();
            }
        }
    }

    public int count(String userId) {
        return of(userId).size();
    }

    public List<String> types(String userId) {
        return of(userId).stream().map(Row::type).toList();
    }

    public List<Row> of(String userId) {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT type, aggregate_identifier, sequence_number, event_identifier, time_stamp, payload_type,
                            payload_revision, payload, meta_data FROM domain_event_entry
                     WHERE aggregate_identifier IN (?, ?) ORDER BY sequence_number""")) {
            statement.setString(1, crypto().storedStreamId(userId));
            statement.setString(2, userId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    DomainEventData<?> event = crypto().decode(new GenericDomainEventEntry<>(result.getString(1),
                            result.getString(2), result.getLong(3), result.getString(4), result.getString(5),
                            result.getString(6), result.getString(7), result.getBytes(8), result.getBytes(9)));
                    String type = event.getPayload().getType().getName();
                    rows.add(new Row(event.getSequenceNumber(), type.substring(type.lastIndexOf('.') + 1),
                            new String((byte[]) event.getPayload().getData(), StandardCharsets.UTF_8),
                            new String((byte[]) event.getMetaData().getData(), StandardCharsets.UTF_8)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
