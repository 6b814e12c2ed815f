package dev.prefs.query.rebuild;

import dev.prefs.platform.crypto.StoredEventCrypto;
import dev.prefs.platform.store.StoredEventEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.postgresql.PGStatement;

/**
 * Reads the event store for a bulk rebuild: every event up to a fixed head position, user by user, each user's
 * events in sequence order, upcast and deserialised exactly as Axon's processors see them. Grouping per user lets
 * a rebuild fold each user completely in memory and write each row once.
 */
final class EventSnapshotReader {

    /** How far below the head an uncommitted event can hide; the same bound Axon's JDBC engine uses. */
    static final int GAP_WINDOW = 10_000;
    /** How many streams' events are decrypted together (one key lookup) before they are handed over. */
    static final int DECODE_STREAMS = 256;
    /** The position of {@code aggregate_identifier} in {@link #readUsers}'s query. */
    private static final int AGGREGATE_IDENTIFIER = 3;

    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final StoredEventCrypto crypto;

    EventSnapshotReader(Serializer serializer, EventUpcaster upcasters, StoredEventCrypto crypto) {
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.crypto = crypto;
    }

    /**
     * The head of the event store as the caller's transaction sees it, and the positions below it that are not
     * visible (events still being committed). A follower that starts from {@link Snapshot#followFrom()} gets
     * exactly the events this snapshot does not contain.
     */
    Snapshot snapshot(Connection connection) throws SQLException {
        long head;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(max(global_index), -1) FROM domain_event_entry");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            head = rows.getLong(1);
        }
        SortedSet<Long> gaps = new TreeSet<>();
        if (head >= 0) {
            long from = Math.max(1, head - GAP_WINDOW);
            long expected = from;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT global_index FROM domain_event_entry WHERE global_index BETWEEN ? AND ? ORDER BY global_index")) {
                statement.setLong(1, from);
                statement.setLong(2, head);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long index = rows.getLong(1);
                        for (long missing = expected; missing < index; missing++) {
                            gaps.add(missing);
                        }
                        expected = index + 1;
                    }
                }
            }
        }
        return new Snapshot(head, gaps);
    }

    /** How many events the snapshot holds: the total a bulk phase works through. */
    long count(Connection connection, Snapshot snapshot) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM domain_event_entry WHERE global_index <= ?")) {
            statement.setLong(1, snapshot.head());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Streams, to {@code perUser}, the events at or below {@code snapshot.head()} of every stream stored after
     * {@code afterStream} (a stored aggregate identifier as the table holds it; null: from the first), one call per
     * stream, in the order of the stored ids (a user's pseudonym, {@link StoredEventCrypto}, or a user id in clear for
     * events not yet copied to the encrypted table), decrypted. Events whose key is gone read as erased, which no
     * fold takes. A checkpoint is the stored id of the last stream handed over, so a resume never skips a stream
     * whichever way it is stored.
     */
    void readUsers(Connection connection, Snapshot snapshot, String afterStream, int fetchSize,
                   Consumer<StoredStream> perUser) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
                       payload_type, payload_revision, payload, meta_data
                  FROM domain_event_entry
                 WHERE global_index <= ? AND aggregate_identifier > ?
                 ORDER BY aggregate_identifier, sequence_number""")) {
            statement.setFetchSize(fetchSize);
            // Rows in binary: the payloads as their bytes instead of hex text, twice as long, that the server encodes
            // and the driver decodes (the driver sends a statement run once in text otherwise).
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
            statement.setLong(1, snapshot.head());
            statement.setString(2, afterStream == null ? "" : afterStream);
            try (ResultSet rows = statement.executeQuery()) {
                Pending pending = new Pending();
                List<TrackedEventData<?>> user = new ArrayList<>();
                String current = null;
                while (rows.next()) {
                    String aggregate = rows.getString(AGGREGATE_IDENTIFIER);
                    if (current != null && !current.equals(aggregate)) {
                        pending.add(current, user);
                        user = new ArrayList<>();
                        if (pending.streams() >= DECODE_STREAMS) {
                            pending.handOver(perUser);
                        }
                    }
                    current = aggregate;
                    user.add(entry(rows));
                }
                if (!user.isEmpty()) {
                    pending.add(current, user);
                }
                pending.handOver(perUser);
            }
        }
    }

    /** Streams read but not handed over yet, decrypted together (one key lookup for all of them). */
    private final class Pending {

        private final List<String> storedIds = new ArrayList<>();
        private final List<Integer> sizes = new ArrayList<>();
        private final List<TrackedEventData<?>> entries = new ArrayList<>();

        void add(String storedId, List<TrackedEventData<?>> stream) {
            storedIds.add(storedId);
            sizes.add(stream.size());
            entries.addAll(stream);
        }

        int streams() {
            return storedIds.size();
        }

        /** Decrypts the pending streams and hands each over, in the order read. */
        void handOver(Consumer<StoredStream> perUser) {
            if (storedIds.isEmpty()) {
                return;
            }
            List<TrackedEventData<?>> decoded = crypto.decodeAll(entries);
            int from = 0;
            for (int i = 0; i < storedIds.size(); i++) {
                int to = from + sizes.get(i);
                perUser.accept(new StoredStream(storedIds.get(i), deserialize(decoded.subList(from, to))));
                from = to;
            }
            storedIds.clear();
            sizes.clear();
            entries.clear();
        }
    }

    /** One stream's events and the id it is stored under (the checkpoint after it). */
    record StoredStream(String storedId, List<TrackedEventMessage<?>> events) {
    }

    private List<TrackedEventMessage<?>> deserialize(List<TrackedEventData<?>> entries) {
        try (Stream<TrackedEventMessage<?>> events =
                     EventUtils.upcastAndDeserializeTrackedEvents(entries.stream(), serializer, upcasters)) {
            return events.toList();
        }
    }

    /** A row of {@link #readUsers}'s query, its columns by position (in the order it selects them). */
    private static TrackedEventData<?> entry(ResultSet rows) throws SQLException {
        return new TrackedDomainEventData<>(
                new GlobalSequenceTrackingToken(rows.getLong(1)),
                new StoredEventEntry(
                        rows.getString(2),
                        rows.getString(AGGREGATE_IDENTIFIER),
                        rows.getLong(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getString(7),
                        rows.getString(8),
                        rows.getBytes(9),
                        rows.getBytes(10)));
    }

    /** A fixed point in the event store: everything up to {@code head} except {@code gaps}. */
    record Snapshot(long head, SortedSet<Long> gaps) {

        GapAwareTrackingToken followFrom() {
            return GapAwareTrackingToken.newInstance(head, gaps);
        }

        List<Long> gapList() {
            return List.copyOf(gaps);
        }
    }
}
