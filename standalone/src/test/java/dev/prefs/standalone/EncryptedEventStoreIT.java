package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.events.EventJson;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.events.Upcasters;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.platform.crypto.EncryptingEventStorageEngine;
import dev.prefs.platform.crypto.EventTableEncryption;
import dev.prefs.platform.crypto.MasterKeyException;
import dev.prefs.platform.crypto.MasterKeys;
import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.crypto.StreamErasedEvent;
import dev.prefs.platform.crypto.PersonalDataKeys;
import dev.prefs.platform.crypto.StoredEventCrypto;
import dev.prefs.query.projection.ProjectedEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.UnknownSerializedType;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Crypto-shredding at the event store, on the database release 1 wrote (fixtures/release-1): the upgraded engine
 * reads the clear rows, the copy job encrypts them with the same global indexes and every event reads back equal,
 * the event table then holds no user id in clear (every row as text, bytea as hex, as a plain pg_dump writes it);
 * erasing a user's key makes their events unreadable to every fold while the table keeps its rows (append-only
 * still enforced), a re-created user id starts a new stream; the master key is verified and can be rotated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncryptedEventStoreIT {

    private static final TestDatabase DB = TestDatabase.create("encrypted_events");
    private static final String OLD_KEY = MasterKeys.generate();
    private static final String NEW_KEY = MasterKeys.generate();

    private static List<String> userIds;
    private static List<String> releaseOneEvents;

    @BeforeAll
    static void releaseOneDatabaseUpgraded() throws Exception {
        Flyway.configure().dataSource(DB.url(), DB.username(), DB.password()).target("6").load().migrate();
        String fixture = new String(EncryptedEventStoreIT.class.getResourceAsStream(
                "/fixtures/release-1/database.sql").readAllBytes(), StandardCharsets.UTF_8);
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute(fixture);
        }
        Flyway.configure().dataSource(DB.url(), DB.username(), DB.password()).load().migrate();
        userIds = texts("SELECT DISTINCT aggregate_identifier FROM domain_event_entry ORDER BY 1");
        assertThat(userIds).hasSizeGreaterThan(10).allMatch(id -> !id.contains("/"));
        // What the dump checks below look for is there before the copy: they can fail.
        List<String> clear = dump("domain_event_entry");
        assertThat(clear).anyMatch(row -> row.contains(userIds.get(0)));
        assertThat(clear).anyMatch(row -> row.contains(hex("\"theme\"")));
        releaseOneEvents = readAll(engine(keys(OLD_KEY, null)));
    }

    @Test
    @Order(1)
    void theCopyEncryptsEveryEventWhichReadsBackEqualUnderItsGlobalIndex() throws Exception {
        PersonalDataKeys keys = keys(OLD_KEY, null);
        EventTableEncryption job = new EventTableEncryption(DB.dataSource(), new StoredEventCrypto(keys));
        assertThat(job.pending()).isTrue();

        EventTableEncryption.Result result = job.run(false);

        assertThat(result.swapped()).isTrue();
        assertThat(result.copied()).isEqualTo(releaseOneEvents.size());
        assertThat(job.pending()).isFalse();
        assertThat(job.run(false)).isEqualTo(new EventTableEncryption.Result(0, false));
        // A fresh process (empty caches) reads the same events, tokens and user ids as before the copy.
        JdbcEventStorageEngine engine = engine(keys(OLD_KEY, null));
        assertThat(readAll(engine)).containsExactlyElementsOf(releaseOneEvents);
        for (String user : userIds) {
            assertThat(engine.readEvents(user).asStream().map(e -> e.getAggregateIdentifier()).distinct().toList())
                    .containsExactly(user);
        }
        assertThat(texts("SELECT to_regclass('domain_event_entry_clear')::text")).containsOnlyNulls();
    }

    @Test
    @Order(2)
    void afterTheCopyNoRowOfTheEventOrKeyTablesNamesAUserOrHoldsAValueInClear() throws Exception {
        List<String> dump = dump("domain_event_entry", "snapshot_event_entry", "user_data_key",
                "erased_user_stream", "system_key", "master_key");
        assertThat(dump).hasSizeGreaterThan(userIds.size());
        for (String user : userIds) {
            assertThat(dump).noneMatch(row -> row.contains(user) || row.contains(hex(user)));
        }
        // The values release 1 stored: theme names appear in no payload.
        assertThat(dump).noneMatch(row -> row.contains(hex("\"theme\"")) || row.contains(hex("light")));
    }

    @Test
    @Order(3)
    void erasureLeavesTheRowsButNoFoldReadsThemAndTheSameIdStartsAnew() throws Exception {
        PersonalDataKeys keys = keys(OLD_KEY, null);
        JdbcEventStorageEngine engine = engine(keys);
        String user = userIds.get(3);
        String other = userIds.get(4);
        long otherEvents = engine.readEvents(other).asStream().count();
        long rows = count();
        assertThat(engine.readEvents(user).asStream().count()).isPositive();

        try (Connection connection = DB.connect()) {
            assertThat(keys.erase(connection, user)).isPresent();
            assertThat(keys.erase(connection, user)).isEmpty();
        }

        assertThat(count()).isEqualTo(rows);
        assertThat(keys.wasErased(user)).isTrue();
        // Another process, caches cold: the user's old events read as erased, which no projection folds.
        JdbcEventStorageEngine fresh = engine(keys(OLD_KEY, null));
        List<TrackedEventMessage<?>> all = all(fresh);
        assertThat(all).hasSize((int) rows);
        assertThat(all).noneMatch(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier().equals(user));
        List<TrackedEventMessage<?>> erased = all.stream()
                .filter(event -> event.getPayloadType().equals(UnknownSerializedType.class)).toList();
        assertThat(erased).isNotEmpty().allMatch(event -> ProjectedEvent.of(event).isEmpty());
        assertThat(fresh.readEvents(user).asStream().count()).isZero();
        assertThat(fresh.readEvents(other).asStream().count()).isEqualTo(otherEvents);
        assertThat(dump("domain_event_entry", "user_data_key", "erased_user_stream"))
                .noneMatch(row -> row.contains(user) || row.contains(hex(user)));

        // The same user id again: a new stream and key; the old events stay out of reach.
        fresh.appendEvents(new GenericDomainEventMessage<>("UserPreferences", user, 0,
                new PreferencesCreatedEvent(user, null, "dark", "fr", null), MetaData.with("by", user)));
        assertThat(fresh.readEvents(user).asStream().map(e -> (Object) e.getPayload()).toList())
                .containsExactly(new PreferencesCreatedEvent(user, null, "dark", "fr", null));
        assertThat(count()).isEqualTo(rows + 1);

        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DELETE FROM domain_event_entry")).isInstanceOf(
                    SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.execute("UPDATE domain_event_entry SET payload = payload"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    @Order(4)
    void aWrongMasterKeyIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> keys(MasterKeys.generate(), null)).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("not the master key of this database");
    }

    @Test
    @Order(5)
    void theMasterKeyRotatesWhileBothAreAccepted() throws Exception {
        String user = userIds.get(5);
        // During the rotation a process holding both keys reads and writes.
        PersonalDataKeys during = keys(NEW_KEY, OLD_KEY);
        JdbcEventStorageEngine engine = engine(during);
        long before = engine.readEvents(user).asStream().count();
        String other = "rotated-user";
        engine.appendEvents(new GenericDomainEventMessage<>("UserPreferences", other, 0,
                new ThemeChangedEvent(other, "light"), MetaData.emptyInstance()));

        assertThat(during.rewrapAll()).isGreaterThanOrEqualTo(userIds.size());

        assertThat(texts("SELECT DISTINCT master_key_check FROM user_data_key"))
                .containsExactly(MasterKeys.of(NEW_KEY, null).primaryCheck());
        JdbcEventStorageEngine after = engine(keys(NEW_KEY, null));
        assertThat(after.readEvents(user).asStream().count()).isEqualTo(before);
        assertThat(after.readEvents(other).asStream().map(e -> (Object) e.getPayload()).toList())
                .containsExactly(new ThemeChangedEvent(other, "light"));
        assertThat(readAll(after)).hasSize(releaseOneEvents.size() + 2);
        assertThatThrownBy(() -> keys(OLD_KEY, null)).isInstanceOf(MasterKeyException.class);
    }

    @Test
    @Order(6)
    void erasureRemovesTheUserFromEveryTableInOneGoAndARepeatAnswersTheSame() throws Exception {
        PersonalDataKeys keys = keys(NEW_KEY, null);
        JdbcEventStorageEngine engine = engine(keys);
        String user = texts("SELECT min(user_id) FROM idempotency_keys").get(0);
        assertThat(engine.readEvents(user).asStream().count()).isPositive();
        engine.storeSnapshot(new GenericDomainEventMessage<>("UserPreferences", user, 0,
                new ThemeChangedEvent(user, "light"), MetaData.emptyInstance()));
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO dead_letter_entry (dead_letter_identifier, processing_group, sequence_identifier,
                        sequence_index, message_type, event_identifier, time_stamp, payload_type, payload, meta_data,
                        aggregate_type, aggregate_identifier, sequence_number, enqueued_at)
                    VALUES ('dl-1', 'userpreferences_v1', '%1$s', 0, 'DomainEventMessage', 'e-1',
                        '2026-12-01T00:00:00Z', 'dev.prefs.events.ThemeChangedEvent',
                        convert_to('{"userId":"%1$s","theme":"light"}', 'UTF8'), convert_to('{}', 'UTF8'),
                        'UserPreferences', '%1$s', 0, '2026-12-01T00:00:00Z')""".formatted(user));
        }
        assertThat(dump(tables())).anyMatch(row -> row.contains(user));
        long rows = count();
        // The read models' own step (query side: every projection version and generation).
        PersonalDataErasure erasure = new PersonalDataErasure(DB.dataSource(), keys, List.of((connection, id) -> {
            for (String table : List.of("userpreferences_v1", "preferencestats_v1_users")) {
                try (var delete = connection.prepareStatement("DELETE FROM " + table + " WHERE user_id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
        }));

        PersonalDataErasure.Erased erased = erasure.erase(user).orElseThrow();

        assertThat(erasure.erase(user)).contains(erased);
        assertThat(erasure.erase("never-created")).isEmpty();
        assertThat(count()).as("only the erasure event added, nothing removed").isEqualTo(rows + 1);
        List<String> dump = dump(tables());
        assertThat(dump).noneMatch(row -> row.contains(user) || row.contains(hex(user)));
        JdbcEventStorageEngine fresh = engine(keys(NEW_KEY, null));
        assertThat(fresh.readEvents(user).asStream().count()).isZero();
        assertThat(all(fresh).stream().filter(e -> e.getPayloadType().equals(StreamErasedEvent.class))).hasSize(1);
    }

    /** Every table of the schema: what a plain pg_dump would write. */
    private static String[] tables() throws SQLException {
        return texts("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").toArray(String[]::new);
    }

    private static PersonalDataKeys keys(String primary, String previous) {
        return new PersonalDataKeys(DB.dataSource(), MasterKeys.of(primary, previous));
    }

    private static JdbcEventStorageEngine engine(PersonalDataKeys keys) {
        EventSchema schema = EventSchema.builder().eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry").globalIndexColumn("global_index")
                .timestampColumn("time_stamp").eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier").sequenceNumberColumn("sequence_number")
                .typeColumn("type").payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                .payloadColumn("payload").metaDataColumn("meta_data").build();
        return new EncryptingEventStorageEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(EventJson.serializer()).snapshotSerializer(EventJson.serializer())
                .upcasterChain(Upcasters.chain())
                .connectionProvider(new DataSourceConnectionProvider(DB.dataSource()))
                .transactionManager(NoTransactionManager.INSTANCE), schema, new StoredEventCrypto(keys));
    }

    private static List<TrackedEventMessage<?>> all(JdbcEventStorageEngine engine) {
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(null, false)) {
            return new ArrayList<>(events.toList());
        }
    }

    /** Every event as the processors see it: position, stream, sequence, id, type, payload and metadata. */
    private static List<String> readAll(JdbcEventStorageEngine engine) {
        return all(engine).stream().map(event -> {
            DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
            return event.trackingToken().position().orElseThrow() + " " + domain.getAggregateIdentifier() + " "
                   + domain.getSequenceNumber() + " " + event.getIdentifier() + " " + event.getTimestamp() + " "
                   + event.getPayload() + " " + Map.copyOf(event.getMetaData());
        }).toList();
    }

    private static long count() throws SQLException {
        return Long.parseLong(texts("SELECT count(*) FROM domain_event_entry").get(0));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every row of {@code tables} as PostgreSQL writes it as text (bytea as {@code \x} and hex). */
    private static List<String> dump(String... tables) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(texts("SELECT t::text FROM " + table + " t"));
        }
        return rows;
    }

    private static List<String> texts(String sql) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
        }
        return texts;
    }
}
