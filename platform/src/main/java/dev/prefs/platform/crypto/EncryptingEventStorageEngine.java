package dev.prefs.platform.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC event storage engine with crypto-shredding at the storage boundary ({@link StoredEventCrypto}):
 * appends store a user's events under the stream's pseudonym, payload and metadata encrypted; every read (an
 * aggregate's stream, the processors' tracked stream, snapshots) gives back clear events under the user id. Reading
 * one user's stream also finds rows still stored in clear under the user id (written before this release, until the
 * copy job has run), so an upgraded process works on a table that was not copied yet.
 * <p>
 * Snapshots of a user's aggregate are encrypted the same way, under the same key: erasure makes them unreadable,
 * and deletes them too.
 */
public class EncryptingEventStorageEngine extends JdbcEventStorageEngine {

    private final StoredEventCrypto crypto;
    private final EventSchema schema;

    public EncryptingEventStorageEngine(Builder builder, EventSchema schema, StoredEventCrypto crypto) {
        super(builder.schema(schema));
        this.crypto = crypto;
        this.schema = schema;
    }

    private String columns() {
        return String.join(", ", schema.eventIdentifierColumn(), schema.aggregateIdentifierColumn(),
                schema.sequenceNumberColumn(), schema.typeColumn(), schema.timestampColumn(),
                schema.payloadTypeColumn(), schema.payloadRevisionColumn(), schema.payloadColumn(),
                schema.metaDataColumn());
    }

    @Override
    protected PreparedStatement appendEvents(Connection connection, List<? extends EventMessage<?>> events,
                                             Serializer serializer) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + schema.domainEventTable() + " (" + columns() + ") VALUES (?,?,?,?,?,?,?,?,?)");
        // The keys of every user of the batch at once: a batch of many new users then costs four key statements per
        // thousand users instead of up to four per user (a command's batch holds one user, found in the cache).
        crypto.prepareKeys(events.stream().map(e -> EventUtils.asDomainEventMessage(e).getAggregateIdentifier())
                .toList());
        for (EventMessage<?> eventMessage : events) {
            DomainEventMessage<?> event = EventUtils.asDomainEventMessage(eventMessage);
            bind(statement, event, serializer);
            statement.addBatch();
        }
        return statement;
    }

    @Override
    protected PreparedStatement appendSnapshot(Connection connection, DomainEventMessage<?> snapshot,
                                               Serializer serializer) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + schema.snapshotTable() + " (" + columns() + ") VALUES (?,?,?,?,?,?,?,?,?)");
        bind(statement, snapshot, serializer);
        return statement;
    }

    private void bind(PreparedStatement statement, DomainEventMessage<?> event, Serializer serializer)
            throws SQLException {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
        StoredEventCrypto.Sealed sealed = crypto.seal(event.getAggregateIdentifier(), event.getIdentifier(),
                payload.getData(), metaData.getData());
        statement.setString(1, event.getIdentifier());
        statement.setString(2, sealed.aggregateId());
        statement.setLong(3, event.getSequenceNumber());
        statement.setString(4, event.getType());
        writeTimestamp(statement, 5, event.getTimestamp());
        statement.setString(6, payload.getType().getName());
        statement.setString(7, payload.getType().getRevision());
        statement.setBytes(8, sealed.payload());
        statement.setBytes(9, sealed.metaData());
    }

    @Override
    protected PreparedStatement lastSequenceNumberFor(Connection connection, String aggregateIdentifier)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "SELECT max(" + schema.sequenceNumberColumn() + ") FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " IN (?, ?)");
        statement.setString(1, crypto.storedStreamId(aggregateIdentifier));
        statement.setString(2, aggregateIdentifier);
        return statement;
    }

    @Override
    protected PreparedStatement readEventData(Connection connection, String identifier, long firstSequenceNumber,
                                              int batchSize) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "SELECT " + trackedEventFields() + " FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " IN (?, ?) AND "
                + schema.sequenceNumberColumn() + " >= ? AND " + schema.sequenceNumberColumn() + " < ? ORDER BY "
                + schema.sequenceNumberColumn() + " ASC");
        statement.setString(1, crypto.storedStreamId(identifier));
        statement.setString(2, identifier);
        statement.setLong(3, firstSequenceNumber);
        statement.setLong(4, firstSequenceNumber + batchSize);
        return statement;
    }

    @Override
    protected PreparedStatement readSnapshotData(Connection connection, String identifier) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "SELECT " + domainEventFields() + " FROM " + schema.snapshotTable() + " WHERE "
                + schema.aggregateIdentifierColumn() + " IN (?, ?) ORDER BY " + schema.sequenceNumberColumn()
                + " DESC");
        statement.setString(1, crypto.storedStreamId(identifier));
        statement.setString(2, identifier);
        return statement;
    }

    @Override
    protected PreparedStatement deleteSnapshots(Connection connection, String aggregateIdentifier,
                                                long sequenceNumber) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM " + schema.snapshotTable() + " WHERE " + schema.aggregateIdentifierColumn()
                + " IN (?, ?) AND " + schema.sequenceNumberColumn() + " < ?");
        statement.setString(1, crypto.storedStreamId(aggregateIdentifier));
        statement.setString(2, aggregateIdentifier);
        statement.setLong(3, sequenceNumber);
        return statement;
    }

    /**
     * The processors' batch, decrypted as a whole after the fetch returned (one key query for the batch's users,
     * outside the fetch's transaction and connection). The rows come raw from {@code getTrackedEventData}, which
     * Axon 4.13 only calls from this fetch.
     */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return crypto.decodeAll(super.fetchTrackedEvents(lastToken, batchSize));
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return crypto.decode(super.getDomainEventData(resultSet));
    }

    @Override
    protected DomainEventData<?> getSnapshotData(ResultSet resultSet) throws SQLException {
        return crypto.decode(super.getSnapshotData(resultSet));
    }
}
