package dev.prefs.platform.store;

import dev.prefs.events.EventJson;
import dev.prefs.platform.crypto.EncryptingEventStorageEngine;
import dev.prefs.platform.crypto.ErasureStep;
import dev.prefs.platform.crypto.EventTableEncryption;
import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.crypto.FallbackMasterKey;
import dev.prefs.platform.crypto.MasterKeys;
import dev.prefs.platform.crypto.PersonalDataKeys;
import dev.prefs.platform.crypto.StoredEventCrypto;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import dev.prefs.events.Upcasters;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Maps Axon's JDBC event store, token store and dead-letter queue onto the snake_case tables that db-migrations
 * creates, makes Jackson the serializer for everything, and listens to PostgreSQL's notifications.
 * Both applications (and the standalone one) get it by having platform on the class path.
 * <p>
 * Axon 4.13's own auto-configuration orders itself after Spring Boot 3's data source and transaction manager
 * configurations, whose classes moved in Boot 4. On Boot 4 it can therefore decide before the data source exists:
 * it then runs without a transaction manager (every statement commits on its own) and without its JDBC token
 * store. This configuration runs after Boot 4's and declares those pieces itself.
 */
@AutoConfiguration(
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                     "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"},
        before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class, TransactionAutoConfiguration.class})
public class EventStoreAutoConfiguration {

    /** Axon's units of work join Spring's transactions: events, tokens and projection rows commit together. */
    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /** The connection of the current Spring transaction, so Axon's statements and ours share it. */
    @Bean
    @ConditionalOnMissingBean(ConnectionProvider.class)
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * Segment claims expire after {@code prefs.events.token-claim-timeout} without renewal, so the segments of a
     * process that is gone are taken over that long after its last renewal (the query side renews well within it).
     * <p>
     * Each application context claims under an owner of its own: Axon's default ({@code pid@host}) is the same for
     * two contexts in one JVM, which would then both process every segment either one claimed and, with the query
     * side's balancing, both give the same segments back. The owner starts with {@code pid@host}, so an operator
     * still finds the process.
     */
    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
                          @Value("${prefs.events.token-claim-timeout:5s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/"
                        + UUID.randomUUID().toString().substring(0, 8))
                .build();
    }

    /** Events; the column names are those of {@code V1__event_store.sql}. */
    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_identifier")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /**
     * Every release's upcasters as one chain, in their order (release 1's switch read as channels, then release 2's
     * values read as explicit values). Axon's Spring configuration collects every {@link EventUpcaster} bean into
     * the upcaster chain that the event store, the processors and the rebuilds use; one bean keeps the order.
     */
    @Bean
    EventUpcaster upcasters() {
        return Upcasters.chain();
    }

    /** Jackson for events, messages, tokens and snapshots; Axon's own default would be XStream. */
    @Bean
    @Primary
    Serializer serializer() {
        return EventJson.serializer();
    }

    /**
     * The master key: {@code PREFS_MASTER_KEY} (base64 of 32 bytes; {@code prefs.security.master-key}), during a
     * rotation also {@code PREFS_MASTER_KEY_PREVIOUS}; else the process's fallback (the standalone's data folder).
     * Missing or malformed: start-up stops with {@link dev.prefs.platform.crypto.MasterKeyException}.
     */
    @Bean
    @ConditionalOnMissingBean(MasterKeys.class)
    MasterKeys masterKeys(Environment environment, ObjectProvider<FallbackMasterKey> fallback) {
        String primary = environment.getProperty("prefs.security.master-key",
                environment.getProperty("PREFS_MASTER_KEY", ""));
        String previous = environment.getProperty("prefs.security.master-key-previous",
                environment.getProperty("PREFS_MASTER_KEY_PREVIOUS", ""));
        if (primary.isBlank() && fallback.getIfAvailable() != null) {
            primary = fallback.getObject().key();
        }
        return MasterKeys.of(primary, previous);
    }

    /** The users' data keys; verifies the master key against the database before anything is written. */
    @Bean
    PersonalDataKeys personalDataKeys(DataSource dataSource, MasterKeys masterKeys) {
        return new PersonalDataKeys(dataSource, masterKeys);
    }

    @Bean
    StoredEventCrypto storedEventCrypto(PersonalDataKeys keys) {
        return new StoredEventCrypto(keys);
    }

    /** Erasure of a user; the projections and others add their {@link ErasureStep} beans. */
    @Bean
    PersonalDataErasure personalDataErasure(DataSource dataSource, PersonalDataKeys keys,
                                            ObjectProvider<ErasureStep> steps) {
        return new PersonalDataErasure(dataSource, keys, steps.orderedStream().toList());
    }

    @Bean
    EventTableEncryption eventTableEncryption(DataSource dataSource, StoredEventCrypto crypto) {
        return new EventTableEncryption(dataSource, crypto);
    }

    /**
     * Declared here because Axon's JDBC auto-configuration steps back as soon as an {@link EventStore} bean exists.
     * A user's events are stored encrypted under a pseudonym ({@link EncryptingEventStorageEngine}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager, EventSchema eventSchema,
                                          StoredEventCrypto crypto, EventTableEncryption encryption,
                                          @Value("${prefs.events.encrypt-at-startup:false}") boolean encrypt,
                                          @Value("${prefs.events.keep-clear-copy:false}") boolean keepClear,
                                          @Value("${prefs.events.fetch-batch-size:500}") int batchSize) {
        if (encrypt) {
            // The one-off copy to the encrypted event table, before anything in this process reads or writes events.
            encryption.run(keepClear);
        }
        return new EncryptingEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                // SQL state 23505 (unique violation): a concurrent append of the same sequence number is reported
                // as Axon's concurrency exception, which the command side retries.
                .persistenceExceptionResolver(new SQLStateResolver("23505"))
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .batchSize(batchSize), eventSchema, crypto);
    }

    /**
     * Every event processor reads the event table through its own stream. Axon's embedded event store can instead
     * share one read-ahead among the processors that are near the head; that shared reader fetches a whole backlog
     * in one pass and keeps every event it read in memory until the pass ends, so a bulk load of a million events
     * under a running service filled a 1 GB heap and stopped processing (docs/benchmarks.md). Private streams use
     * one query per batch and processor and stay within a few batches of memory; new events reach them through the
     * database's notification (the query side's {@code EventStreamWaker}), not through a fetch delay.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EventStore eventStore(EventStorageEngine storageEngine, Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .optimizeEventConsumption(false)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .build();
    }

    @Bean
    DatabaseNotifications databaseNotifications(DataSource dataSource, PersonalDataKeys keys,
                                                @Value("${prefs.events.listen-reconnect-delay:2s}") Duration delay) {
        DatabaseNotifications notifications = new DatabaseNotifications(dataSource, delay);
        // A data key deleted by any process (an erasure) is forgotten by this one's cache at once.
        notifications.subscribeWithPayload(PersonalDataKeys.CHANNEL, keys::forget);
        return notifications;
    }
}
