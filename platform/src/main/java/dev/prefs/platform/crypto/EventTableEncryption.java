package dev.prefs.platform.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-off copy job of the upgrade to encrypted events: copies {@code domain_event_entry} into
 * {@code domain_event_entry_encrypted} (V30) row by row, with the same global indexes (so every processor's token
 * stays valid), a user's rows under the stream's pseudonym with payload and metadata encrypted, the layers' rows as
 * they are; verifies every copied row by decoding it and comparing it with the original; then, in one transaction
 * that holds off writers ({@code LOCK ... IN EXCLUSIVE MODE}; readers go on), copies what was appended meanwhile,
 * checks both tables hold the same events, and swaps the tables' names: the encrypted table becomes
 * {@code domain_event_entry} and takes over the global index sequence. Readers and writers use the table by name,
 * so they move over with the commit. The clear table is then dropped (or kept as {@code domain_event_entry_clear}
 * for inspection, to be dropped by hand: it still holds every user id and value in clear). Clear snapshots of users
 * are deleted (snapshots are a cache; the next ones are written encrypted).
 * <p>
 * Safe to run while the service runs (processes of this release; a process of an older release would write clear
 * rows under user ids), and again: once the swap is done it does nothing. One run at a time (an advisory lock).
 */
public final class EventTableEncryption {

    static final String SHADOW = "domain_event_entry_encrypted";
    static final String CLEAR = "domain_event_entry_clear";
    private static final String TABLE = "domain_event_entry";
    private static final long LOCK_KEY = 0x70726566_73636f70L;
    private static final int BATCH = 1_000;
    private static final String COLUMNS = "global_index, aggregate_identifier, sequence_number, type, "
                                          + "event_identifier, meta_data, payload, payload_revision, payload_type, "
                                          + "time_stamp";
    private static final Logger log = LoggerFactory.getLogger(EventTableEncryption.class);

    /** What a run did: events copied, and whether this run swapped the tables. */
    public record Result(long copied, boolean swapped) {
    }

    private final DataSource dataSource;
    private final StoredEventCrypto crypto;

    public EventTableEncryption(DataSource dataSource, StoredEventCrypto crypto) {
        this.dataSource = dataSource;
        this.crypto = crypto;
    }

    /** Whether the copy is still to be done (the encrypted table has not been swapped in). */
    public boolean pending() {
        try (Connection connection = dataSource.getConnection()) {
            return pending(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell whether the event table is encrypted", e);
        }
    }

    private static boolean pending(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('" + SHADOW + "') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** Copies, verifies and swaps in the encrypted table; {@code keepClear} keeps the clear one renamed. */
    public Result run(boolean keepClear) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                if (!pending(connection)) {
                    return new Result(0, false);
                }
                connection.setAutoCommit(false);
                long copied = 0;
                long[] after = {highestCopied(connection)};
                for (int batch; (batch = copyMissing(connection, after, BATCH)) > 0; copied += batch) {
                    connection.commit();
                    log.info("Encrypting the event table: {} events copied and verified", copied + batch);
                }
                connection.commit();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LOCK TABLE " + TABLE + " IN EXCLUSIVE MODE");
                }
                // Under the lock: whatever committed meanwhile, also late commits below the last copied index.
                for (int batch; (batch = copyMissing(connection, new long[] {Long.MIN_VALUE}, BATCH)) > 0; ) {
                    copied += batch;
                }
                verifySameEvents(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ALTER TABLE " + TABLE + " RENAME TO " + CLEAR);
                    statement.execute("ALTER TABLE " + SHADOW + " RENAME TO " + TABLE);
                    statement.execute("ALTER TABLE " + TABLE + " ALTER COLUMN global_index SET DEFAULT "
                                      + "nextval('domain_event_entry_global_index_seq')");
                    statement.execute("ALTER SEQUENCE domain_event_entry_global_index_seq OWNED BY "
                                      + TABLE + ".global_index");
                    statement.execute("DELETE FROM snapshot_event_entry WHERE aggregate_identifier NOT LIKE '%/%'");
                    if (!keepClear) {
                        statement.execute("DROP TABLE " + CLEAR);
                    }
                }
                connection.commit();
                log.info("The event table is encrypted: {} events copied and verified, tables swapped{}", copied,
                        keepClear ? "; the clear copy is kept as " + CLEAR + " (drop it once checked)" : "");
                return new Result(copied, true);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Encrypting the event table failed; nothing was switched, it can be run "
                                            + "again", e);
        }
    }

    /** A row of the clear table, as read (the time stamp as stored: the entry's is parsed). */
    private record ClearRow(long globalIndex, DomainEventData<?> entry, byte[] payload, byte[] metaData,
                            String timestamp) {
    }

    /**
     * Copies up to {@code limit} events not yet in the encrypted table (also late commits below the last copied):
     * reads them, creates the keys of all their users at once ({@link StoredEventCrypto#prepareKeys}), then seals,
     * inserts and verifies them one by one.
     */
    private int copyMissing(Connection connection, long[] after, int limit) throws SQLException {
        List<ClearRow> batch = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + prefixed("c") + " FROM " + TABLE + " c WHERE NOT EXISTS (SELECT 1 FROM " + SHADOW
                + " e WHERE e.global_index = c.global_index) AND c.global_index > ? ORDER BY c.global_index LIMIT ?")) {
            select.setLong(1, after[0]);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(new ClearRow(rows.getLong("global_index"), entry(rows), rows.getBytes("payload"),
                            rows.getBytes("meta_data"), rows.getString("time_stamp")));
                }
            }
        }
        crypto.prepareKeys(batch.stream().filter(row -> !StoredEventCrypto.isSealed(row.payload()))
                .map(row -> row.entry().getAggregateIdentifier()).toList());
        try (PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO " + SHADOW + " (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement reread = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM " + SHADOW + " WHERE global_index = ?")) {
            for (ClearRow row : batch) {
                DomainEventData<?> stored = row.entry();
                DomainEventData<?> original = crypto.decode(stored);
                String aggregate = stored.getAggregateIdentifier();
                StoredEventCrypto.Sealed sealed = StoredEventCrypto.isSealed(row.payload())
                        ? new StoredEventCrypto.Sealed(aggregate, row.payload(), row.metaData())
                        : crypto.seal(aggregate, stored.getEventIdentifier(), row.payload(), row.metaData());
                insert.setLong(1, row.globalIndex());
                insert.setString(2, sealed.aggregateId());
                insert.setLong(3, stored.getSequenceNumber());
                insert.setString(4, stored.getType());
                insert.setString(5, stored.getEventIdentifier());
                insert.setBytes(6, sealed.metaData());
                insert.setBytes(7, sealed.payload());
                insert.setString(8, stored.getPayload().getType().getRevision());
                insert.setString(9, stored.getPayload().getType().getName());
                insert.setString(10, row.timestamp());
                insert.executeUpdate();
                reread.setLong(1, row.globalIndex());
                try (ResultSet copy = reread.executeQuery()) {
                    copy.next();
                    verify(original, crypto.decode(entry(copy)), row.globalIndex());
                }
                after[0] = row.globalIndex();
            }
        }
        return batch.size();
    }

    private static long highestCopied(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(global_index), -1) FROM " + SHADOW)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void verify(DomainEventData<?> original, DomainEventData<?> copy, long globalIndex) {
        boolean same = Objects.equals(original.getAggregateIdentifier(), copy.getAggregateIdentifier())
                       && original.getSequenceNumber() == copy.getSequenceNumber()
                       && Objects.equals(original.getEventIdentifier(), copy.getEventIdentifier())
                       && Objects.equals(original.getType(), copy.getType())
                       && Objects.equals(original.getTimestamp(), copy.getTimestamp())
                       && Objects.equals(original.getPayload().getType(), copy.getPayload().getType())
                       && Arrays.equals((byte[]) original.getPayload().getData(), (byte[]) copy.getPayload().getData())
                       && Arrays.equals(bytes(original), bytes(copy));
        if (!same) {
            throw new IllegalStateException("The encrypted copy of event " + globalIndex + " does not read back as "
                                            + "the original; nothing was switched");
        }
    }

    private static byte[] bytes(DomainEventData<?> data) {
        return data.getMetaData() == null ? null : (byte[]) data.getMetaData().getData();
    }

    private static void verifySameEvents(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT (SELECT count(*) FROM " + TABLE + "), (SELECT count(*) FROM " + SHADOW + "), "
                     + "(SELECT count(*) FROM " + TABLE + " c JOIN " + SHADOW + " e USING (global_index) "
                     + "WHERE c.event_identifier = e.event_identifier AND c.sequence_number = e.sequence_number)")) {
            rows.next();
            if (rows.getLong(1) != rows.getLong(2) || rows.getLong(1) != rows.getLong(3)) {
                throw new IllegalStateException("The encrypted copy holds " + rows.getLong(2) + " events ("
                                                + rows.getLong(3) + " matching) of " + rows.getLong(1)
                                                + "; nothing was switched");
            }
        }
    }

    private static String prefixed(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    private static DomainEventData<?> entry(ResultSet rows) throws SQLException {
        return new GenericDomainEventEntry<>(rows.getString("type"), rows.getString("aggregate_identifier"),
                rows.getLong("sequence_number"), rows.getString("event_identifier"), rows.getString("time_stamp"),
                rows.getString("payload_type"), rows.getString("payload_revision"), rows.getBytes("payload"),
                rows.getBytes("meta_data"));
    }
}
