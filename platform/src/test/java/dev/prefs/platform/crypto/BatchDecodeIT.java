package dev.prefs.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.EventJson;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoding a batch of stored events looks their streams' keys up together: one key query per 1,000 streams, on a
 * real PostgreSQL whose key queries are counted (a counting wrapper around the real data source), and decodes erased,
 * clear and sealed rows as {@code decode} does. Creating the keys of many users for writing
 * ({@link PersonalDataKeys#keysForWrite}) takes four statements per 1,000 users, keeps stored keys (also one stored
 * by another process meanwhile), gives an erased user a new stream, and answers what {@code keyForWrite} does; one
 * append of many new users' events through the storage engine creates their keys the same way.
 */
class BatchDecodeIT {

    private static final String PAYLOAD_TYPE = "dev.prefs.events.ThemeChosen";
    private static TestDatabase database;
    private static MasterKeys masterKeys;

    @BeforeAll
    static void database() {
        database = TestDatabase.migrated("batch_decode");
        masterKeys = MasterKeys.of(MasterKeys.generate(), null);
    }

    @Test
    void fiftyUsersWithColdCachesTakeOneKeyQuery() throws Exception {
        StoredEventCrypto writer = new StoredEventCrypto(new PersonalDataKeys(database.dataSource(), masterKeys));
        List<TrackedEventData<?>> stored = new ArrayList<>();
        List<String> users = new ArrayList<>();
        long index = 1;
        for (int user = 0; user < 50; user++) {
            String userId = "fifty-" + user;
            users.add(userId);
            for (int sequence = 0; sequence < 2; sequence++) {
                stored.add(sealed(writer, userId, sequence, index++));
            }
        }
        // Release 2 rows, stored in clear under the user id, and a layer's stream, between the sealed ones.
        stored.add(1, clear("release-two", 0, index++));
        stored.add(5, clear("tenant/acme", 0, index++));
        String erased = users.get(7);
        try (Connection connection = database.connect()) {
            assertThat(writer.keys().erase(connection, erased)).isPresent();
        }

        Counting counting = new Counting(database.dataSource());
        StoredEventCrypto reader = new StoredEventCrypto(new PersonalDataKeys(counting.dataSource(), masterKeys));
        counting.keyQueries.set(0);
        List<TrackedEventData<?>> decoded = reader.decodeAll(stored);

        assertThat(counting.keyQueries).as("key queries for 50 users, cold cache").hasValue(1);
        assertThat(decoded).hasSameSizeAs(stored);
        for (int i = 0; i < stored.size(); i++) {
            DomainEventData<?> before = (DomainEventData<?>) stored.get(i);
            DomainEventData<?> after = (DomainEventData<?>) decoded.get(i);
            assertThat(decoded.get(i).trackingToken()).isEqualTo(stored.get(i).trackingToken());
            assertThat(after.getEventIdentifier()).isEqualTo(before.getEventIdentifier());
            if (!StoredEventCrypto.isSealed(payload(before))) {
                assertThat(after).isSameAs(before);
                continue;
            }
            String userId = userOf(after, before);
            if (userId == null) {
                // The erased user's events read as erased, under the pseudonym.
                assertThat(after.getAggregateIdentifier()).isEqualTo(before.getAggregateIdentifier());
                assertThat(after.getPayload().getType().getName()).isEqualTo(StoredEventCrypto.ERASED_PAYLOAD_TYPE);
            } else {
                assertThat(userId).isNotEqualTo(erased);
                assertThat(after.getPayload().getType().getName()).isEqualTo(PAYLOAD_TYPE);
                assertThat(new String(payload(after), StandardCharsets.UTF_8))
                        .isEqualTo(payloadOf(userId, after.getSequenceNumber()));
                assertThat(new String((byte[]) after.getMetaData().getData(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"sub\":\"" + userId + "\"}");
            }
        }
        long erasedEvents = decoded.stream().map(e -> (DomainEventData<?>) e)
                .filter(e -> e.getPayload().getType().getName().equals(StoredEventCrypto.ERASED_PAYLOAD_TYPE))
                .count();
        assertThat(erasedEvents).isEqualTo(2);

        // Each decoded alone (the single path) gives the same events, from the keys the batch cached.
        counting.keyQueries.set(0);
        for (int i = 0; i < stored.size(); i++) {
            DomainEventData<?> one = (DomainEventData<?>) reader.decode(stored.get(i));
            DomainEventData<?> batch = (DomainEventData<?>) decoded.get(i);
            assertThat(one.getAggregateIdentifier()).isEqualTo(batch.getAggregateIdentifier());
            assertThat(payload(one)).isEqualTo(payload(batch));
        }
        assertThat(counting.keyQueries).as("the batch cached every key, the erased one as absent").hasValue(0);
    }

    @Test
    void aThousandAndOneStreamsTakeTwoKeyQueries() throws Exception {
        StoredEventCrypto writer = new StoredEventCrypto(new PersonalDataKeys(database.dataSource(), masterKeys));
        List<TrackedEventData<?>> stored = new ArrayList<>();
        for (int user = 0; user <= PersonalDataKeys.KEY_QUERY_LIMIT; user++) {
            stored.add(sealed(writer, "many-" + user, 0, user + 1));
        }
        Counting counting = new Counting(database.dataSource());
        StoredEventCrypto reader = new StoredEventCrypto(new PersonalDataKeys(counting.dataSource(), masterKeys));
        counting.keyQueries.set(0);

        List<TrackedEventData<?>> decoded = reader.decodeAll(stored);

        assertThat(counting.keyQueries).hasValue(2);
        for (int user = 0; user <= PersonalDataKeys.KEY_QUERY_LIMIT; user++) {
            assertThat(((DomainEventData<?>) decoded.get(user)).getAggregateIdentifier()).isEqualTo("many-" + user);
        }
    }

    @Test
    void creatingKeysForAThousandAndOneNewUsersTakesEightStatements() {
        Counting counting = new Counting(database.dataSource());
        PersonalDataKeys keys = new PersonalDataKeys(counting.dataSource(), masterKeys);
        List<String> users = new ArrayList<>();
        for (int user = 0; user <= PersonalDataKeys.KEY_QUERY_LIMIT; user++) {
            users.add("new-" + user);
        }
        counting.statements.set(0);

        Map<String, PersonalDataKeys.UserKey> created = keys.keysForWrite(users);

        // Per 1,000 users: the stored keys, the generations, one INSERT, the keys again.
        assertThat(counting.statements).as("statements for 1,001 new users").hasValue(8);
        assertThat(created).hasSize(users.size());
        // What keyForWrite answers per user, read back by a process with a cold cache.
        PersonalDataKeys other = new PersonalDataKeys(database.dataSource(), masterKeys);
        for (String user : users) {
            assertThat(other.keyForWrite(user)).as(user).isEqualTo(created.get(user));
        }
        // A writer with a cold cache that prepares their keys reads them in one query per 1,000, then seals with none.
        StoredEventCrypto writer = new StoredEventCrypto(new PersonalDataKeys(counting.dataSource(), masterKeys));
        counting.statements.set(0);
        writer.prepareKeys(users);
        assertThat(counting.statements).as("statements to prepare 1,001 stored keys").hasValue(2);
        for (String user : users) {
            writer.seal(user, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8), null);
        }
        assertThat(counting.statements).as("statements to seal once prepared").hasValue(2);
    }

    @Test
    void oneAppendOfManyNewUsersCreatesTheirKeysTogetherAndReadsBack() throws Exception {
        Counting counting = new Counting(database.dataSource());
        EncryptingEventStorageEngine engine = engine(
                new StoredEventCrypto(new PersonalDataKeys(counting.dataSource(), masterKeys)));
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int user = 0; user <= PersonalDataKeys.KEY_QUERY_LIMIT; user++) {
            String userId = "appended-" + user;
            events.add(new GenericDomainEventMessage<>("UserPreferences", userId, 0,
                    new PreferencesCreatedEvent(userId, null, "dark", "en", ChannelChoices.NONE)));
        }
        counting.statements.set(0);

        engine.appendEvents(events);

        // As keysForWrite of the batch's users: per 1,000 new users four statements, not up to four per user.
        assertThat(counting.statements).as("key statements for one append of 1,001 new users").hasValue(8);
        EncryptingEventStorageEngine reader = engine(
                new StoredEventCrypto(new PersonalDataKeys(database.dataSource(), masterKeys)));
        for (String userId : List.of("appended-0", "appended-" + PersonalDataKeys.KEY_QUERY_LIMIT)) {
            List<? extends DomainEventMessage<?>> read = reader.readEvents(userId).asStream().toList();
            assertThat(read).as(userId).hasSize(1);
            assertThat(read.get(0).getPayload()).isEqualTo(events.stream()
                    .filter(e -> e.getAggregateIdentifier().equals(userId)).findFirst().orElseThrow().getPayload());
        }
    }

    @Test
    void storedKeysAreReturnedNotReplacedAlsoWhenAnotherProcessWinsTheRace() throws Exception {
        PersonalDataKeys first = new PersonalDataKeys(database.dataSource(), masterKeys);
        PersonalDataKeys.UserKey existing = first.keyForWrite("stored-before");
        Counting counting = new Counting(database.dataSource());
        PersonalDataKeys keys = new PersonalDataKeys(counting.dataSource(), masterKeys);
        PersonalDataKeys.UserKey[] winner = new PersonalDataKeys.UserKey[1];
        // Between this process finding no key for "raced" and inserting one, another process stores its own.
        counting.beforeKeyInsert.set(() -> winner[0] = first.keyForWrite("raced"));

        Map<String, PersonalDataKeys.UserKey> found = keys.keysForWrite(List.of("stored-before", "raced", "fresh"));

        assertThat(winner[0]).as("the race happened").isNotNull();
        assertThat(found.get("stored-before")).isEqualTo(existing);
        assertThat(found.get("raced")).isEqualTo(winner[0]);
        assertThat(found.get("fresh").userId()).isEqualTo("fresh");
        assertThat(keys.keyForWrite("raced")).isEqualTo(winner[0]);
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM user_data_key WHERE user_ref IN (?, ?, ?)")) {
            statement.setString(1, keys.userRef("stored-before"));
            statement.setString(2, keys.userRef("raced"));
            statement.setString(3, keys.userRef("fresh"));
            try (var rows = statement.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).as("one key per user").isEqualTo(3);
            }
        }
    }

    @Test
    void aUserErasedBeforeGetsTheNextGenerationAndANewStream() throws Exception {
        PersonalDataKeys first = new PersonalDataKeys(database.dataSource(), masterKeys);
        PersonalDataKeys.UserKey old = first.keyForWrite("erased-once");
        try (Connection connection = database.connect()) {
            assertThat(first.erase(connection, "erased-once")).contains(old.pseudonym());
        }
        PersonalDataKeys keys = new PersonalDataKeys(database.dataSource(), masterKeys);

        Map<String, PersonalDataKeys.UserKey> found = keys.keysForWrite(List.of("never-erased", "erased-once"));

        PersonalDataKeys.UserKey renewed = found.get("erased-once");
        assertThat(renewed.pseudonym()).isEqualTo(keys.pseudonym("erased-once", 1)).isNotEqualTo(old.pseudonym());
        assertThat(renewed.key()).isNotEqualTo(old.key());
        assertThat(found.get("never-erased").pseudonym()).isEqualTo(keys.pseudonym("never-erased", 0));
        assertThat(keys.pseudonym("erased-once")).isEqualTo(renewed.pseudonym());
        assertThat(new PersonalDataKeys(database.dataSource(), masterKeys).keyForWrite("erased-once"))
                .isEqualTo(renewed);
    }

    private static String userOf(DomainEventData<?> after, DomainEventData<?> before) {
        return after.getAggregateIdentifier().equals(before.getAggregateIdentifier()) ? null
                : after.getAggregateIdentifier();
    }

    private static byte[] payload(DomainEventData<?> event) {
        return (byte[]) event.getPayload().getData();
    }

    private static String payloadOf(String userId, long sequence) {
        return "{\"user\":\"" + userId + "\",\"n\":" + sequence + "}";
    }

    private static EncryptingEventStorageEngine engine(StoredEventCrypto crypto) {
        EventSchema schema = EventSchema.builder().eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry").globalIndexColumn("global_index")
                .timestampColumn("time_stamp").eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier").sequenceNumberColumn("sequence_number")
                .typeColumn("type").payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                .payloadColumn("payload").metaDataColumn("meta_data").build();
        return new EncryptingEventStorageEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(EventJson.serializer()).snapshotSerializer(EventJson.serializer())
                .connectionProvider(new DataSourceConnectionProvider(database.dataSource()))
                .transactionManager(NoTransactionManager.INSTANCE), schema, crypto);
    }

    private static TrackedEventData<?> sealed(StoredEventCrypto crypto, String userId, long sequence, long index) {
        String eventId = UUID.randomUUID().toString();
        StoredEventCrypto.Sealed sealed = crypto.seal(userId, eventId,
                payloadOf(userId, sequence).getBytes(StandardCharsets.UTF_8),
                ("{\"sub\":\"" + userId + "\"}").getBytes(StandardCharsets.UTF_8));
        return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(index),
                new GenericDomainEventEntry<>("UserPreferences", sealed.aggregateId(), sequence, eventId,
                        "2026-12-02T12:00:00Z", PAYLOAD_TYPE, null, sealed.payload(), sealed.metaData()));
    }

    private static TrackedEventData<?> clear(String aggregateId, long sequence, long index) {
        return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(index),
                new GenericDomainEventEntry<>("UserPreferences", aggregateId, sequence, UUID.randomUUID().toString(),
                        "2026-12-02T12:00:00Z", PAYLOAD_TYPE, null,
                        payloadOf(aggregateId, sequence).getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The real data source, counting the statements that read {@code user_data_key} and all statements run; and
     * running {@link #beforeKeyInsert} (once) just before the first {@code INSERT INTO user_data_key}, as another
     * process winning the race would.
     */
    private static final class Counting {

        final AtomicInteger keyQueries = new AtomicInteger();
        final AtomicInteger statements = new AtomicInteger();
        final AtomicReference<Runnable> beforeKeyInsert = new AtomicReference<>();
        private final DataSource target;

        Counting(DataSource target) {
            this.target = target;
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        Object result = invoke(target, method, args);
                        return result instanceof Connection connection ? counted(connection) : result;
                    });
        }

        private Connection counted(Connection connection) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        Object result = invoke(connection, method, args);
                        if (method.getName().equals("prepareStatement") && args[0] instanceof String sql) {
                            return counted((PreparedStatement) result,
                                    sql.startsWith("SELECT") && sql.contains("FROM user_data_key"),
                                    sql.startsWith("INSERT INTO user_data_key"));
                        }
                        return result;
                    });
        }

        /** Counts each execution (a statement prepared once and run per chunk counts once per chunk). */
        private PreparedStatement counted(PreparedStatement statement, boolean keyQuery, boolean keyInsert) {
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("execute")) {
                            statements.incrementAndGet();
                            if (keyQuery) {
                                keyQueries.incrementAndGet();
                            }
                            Runnable before = keyInsert ? beforeKeyInsert.getAndSet(null) : null;
                            if (before != null) {
                                before.run();
                            }
                        }
                        return invoke(statement, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
                throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
