package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.EventJson;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.events.Upcasters;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.platform.crypto.EncryptingEventStorageEngine;
import dev.prefs.platform.crypto.MasterKeys;
import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.crypto.PersonalDataKeys;
import dev.prefs.platform.crypto.StoredEventCrypto;
import dev.prefs.query.projection.ProjectedEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/**
 * The bulk rebuild's own reader on encrypted events: it decrypts them (user ids back as aggregate identifiers),
 * resumes after a user by the stored stream id, and an erased user's events reach no fold.
 */
class EncryptedEventsRebuildIT {

    private static final TestDatabase DB = TestDatabase.migrated("encrypted_rebuild");

    @Test
    void theBulkReaderDecryptsAndAnErasedUsersEventsReachNoFold() throws Exception {
        StoredEventCrypto crypto = new StoredEventCrypto(
                new PersonalDataKeys(DB.dataSource(), MasterKeys.of(MasterKeys.generate(), null)));
        JdbcEventStorageEngine engine = engine(crypto);
        for (String user : List.of("ann", "bob", "cid")) {
            engine.appendEvents(
                    new GenericDomainEventMessage<>("UserPreferences", user, 0,
                            new PreferencesCreatedEvent(user, null, "light", "de", null), MetaData.with("by", user)),
                    new GenericDomainEventMessage<>("UserPreferences", user, 1, new ThemeChangedEvent(user, "dark"),
                            MetaData.with("by", user)));
        }
        PersonalDataErasure erasure = new PersonalDataErasure(DB.dataSource(), crypto.keys(), List.of());
        assertThat(erasure.erase("bob")).isPresent();

        EventSnapshotReader reader = new EventSnapshotReader(EventJson.serializer(), Upcasters.chain(), crypto);
        List<List<TrackedEventMessage<?>>> groups = new ArrayList<>();
        List<String> storedIds = new ArrayList<>();
        try (Connection connection = DB.connect()) {
            reader.readUsers(connection, reader.snapshot(connection), null, 100, stream -> {
                groups.add(stream.events());
                storedIds.add(stream.storedId());
            });
        }

        List<String> folded = groups.stream().flatMap(List::stream).map(ProjectedEvent::of).flatMap(Optional::stream)
                .map(ProjectedEvent::userId).toList();
        assertThat(folded).containsExactlyInAnyOrder("ann", "ann", "cid", "cid");
        assertThat(groups).as("three streams: bob's is still there, unreadable, ending in the erasure").hasSize(3);

        // Resuming after a stream (the checkpoint holds its stored id) goes on with the streams stored after it.
        int index = 0;
        while (ProjectedEvent.of(groups.get(index).get(0)).isEmpty()) {
            index++;
        }
        String first = ProjectedEvent.of(groups.get(index).get(0)).map(ProjectedEvent::userId).orElseThrow();
        List<List<TrackedEventMessage<?>>> rest = new ArrayList<>();
        try (Connection connection = DB.connect()) {
            reader.readUsers(connection, reader.snapshot(connection), storedIds.get(index), 100,
                    stream -> rest.add(stream.events()));
        }
        assertThat(rest).hasSize(groups.size() - index - 1);
        assertThat(rest).noneMatch(group -> group.stream().map(ProjectedEvent::of).flatMap(Optional::stream)
                .anyMatch(event -> event.userId().equals(first)));
    }

    private static JdbcEventStorageEngine engine(StoredEventCrypto crypto) {
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
                .transactionManager(NoTransactionManager.INSTANCE), schema, crypto);
    }
}
