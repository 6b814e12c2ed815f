package dev.prefs.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.prefs.platform.crypto.MasterKeys;
import dev.prefs.platform.crypto.PersonalDataKeys;
import dev.prefs.platform.crypto.StoredEventCrypto;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;

/**
 * How the release under test stores a user's events, for whatever in the harness writes or reads
 * {@code domain_event_entry} itself (the loader, the HTTP floor, the JDBC baseline): in clear under the user id (the
 * releases before encryption), or as the service stores them (under the stream's pseudonym, payload and metadata
 * sealed with the user's data key, through the platform's {@link StoredEventCrypto} and {@link PersonalDataKeys},
 * with the run's master key). The keys' tables exist once the service's Flyway has run, so the crypto is set up on
 * first use. Each instance has its own {@link PersonalDataKeys}, so its own key cache, as each service process has.
 */
final class StoredForm implements AutoCloseable {

    private static final String READ_CLEAR = "SELECT sequence_number, payload_type, payload_revision, payload,"
            + " meta_data FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number";
    /** What {@code EncryptingEventStorageEngine} reads for one stream: the pseudonym's rows and any clear ones. */
    private static final String READ_STORED = "SELECT event_identifier, aggregate_identifier, sequence_number, type,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data FROM domain_event_entry"
            + " WHERE aggregate_identifier IN (?, ?) ORDER BY sequence_number";

    private final Database database;
    private final String masterKey;
    private final int threads;
    private final boolean asynchronousCommit;
    private HikariDataSource pool;
    private volatile StoredEventCrypto crypto;
    /** Bytes of the clear payloads read, so no read can be optimised away. */
    private volatile long opened;

    private StoredForm(Database database, String masterKey, int threads, boolean asynchronousCommit) {
        this.database = database;
        this.masterKey = masterKey;
        this.threads = threads;
        this.asynchronousCommit = asynchronousCommit;
    }

    /** Events in clear under the user id, as the releases before encryption wrote them. */
    static StoredForm clear() {
        return new StoredForm(null, null, 0, false);
    }

    /**
     * Events as this release stores them, keys wrapped with {@code masterKey}, used by {@code threads} threads at
     * once. {@code bulk}: the key pool's sessions
     * commit asynchronously (a loader creating a million keys need not wait for a million fsyncs; what it writes is
     * the same).
     */
    static StoredForm encrypted(Database database, String masterKey, int threads, boolean bulk) {
        return new StoredForm(database, masterKey, threads, bulk);
    }

    boolean encrypted() {
        return masterKey != null;
    }

    private StoredEventCrypto crypto() {
        StoredEventCrypto current = crypto;
        if (current == null) {
            synchronized (this) {
                if (crypto == null) {
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(database.url());
                    config.setUsername(database.username());
                    config.setPassword("");
                    // Two per thread, as headroom: PersonalDataKeys takes one connection at a time per call.
                    config.setMaximumPoolSize(2 * threads);
                    config.setPoolName("bench-keys");
                    if (asynchronousCommit) {
                        config.setConnectionInitSql("SET synchronous_commit TO off");
                    }
                    pool = new HikariDataSource(config);
                    crypto = new StoredEventCrypto(new PersonalDataKeys(pool, MasterKeys.of(masterKey, null)));
                }
                current = crypto;
            }
        }
        return current;
    }

    /** A stored row's aggregate identifier, payload and metadata. */
    record Row(String aggregateId, byte[] payload, byte[] metaData) {
    }

    /**
     * Reads or creates the keys of {@code userIds} all at once ({@link StoredEventCrypto#prepareKeys}), so the
     * {@link #seal} calls for them that follow find them cached; nothing to do in clear.
     */
    void prepare(Collection<String> userIds) {
        if (encrypted()) {
            crypto().prepareKeys(userIds);
        }
    }

    /** The columns to store for event {@code eventId} of {@code userId} (its key created first if needed). */
    Row seal(String userId, String eventId, byte[] payload, byte[] metaData) {
        if (!encrypted()) {
            return new Row(userId, payload, metaData);
        }
        StoredEventCrypto.Sealed sealed = crypto().seal(userId, eventId, payload, metaData);
        return new Row(sealed.aggregateId(), sealed.payload(), sealed.metaData());
    }

    /**
     * Reads {@code userId}'s stream as the service's storage engine does (encrypted: the pseudonym's rows and clear
     * ones, each decoded: the key looked up, payload and metadata opened); the last sequence number, -1 if none.
     */
    long readStream(Connection connection, String userId) throws SQLException {
        long last = -1;
        long bytes = 0;
        if (!encrypted()) {
            try (PreparedStatement read = connection.prepareStatement(READ_CLEAR)) {
                read.setString(1, userId);
                try (ResultSet events = read.executeQuery()) {
                    while (events.next()) {
                        last = events.getLong(1);
                        events.getString(2);
                        events.getString(3);
                        bytes += events.getBytes(4).length;
                        events.getBytes(5);
                    }
                }
            }
        } else {
            StoredEventCrypto codec = crypto();
            try (PreparedStatement read = connection.prepareStatement(READ_STORED)) {
                read.setString(1, codec.storedStreamId(userId));
                read.setString(2, userId);
                try (ResultSet events = read.executeQuery()) {
                    while (events.next()) {
                        DomainEventData<?> event = codec.decode(new GenericDomainEventEntry<>(events.getString(4),
                                events.getString(2), events.getLong(3), events.getString(1), events.getString(5),
                                events.getString(6), events.getString(7), events.getBytes(8), events.getBytes(9)));
                        last = event.getSequenceNumber();
                        bytes += ((byte[]) event.getPayload().getData()).length;
                    }
                }
            }
        }
        opened += bytes;
        return last;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
