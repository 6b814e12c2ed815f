package dev.prefs.query.projection;

import dev.prefs.platform.store.DatabaseNotifications;
import java.time.Duration;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The projection machinery: the registry of builds, the cached live lookup, and the runtime that turns every
 * following build of a declared {@link ProjectionVersion} into a running processor.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Bean
    CommitSignals commitSignals(JdbcTemplate jdbc) {
        return new CommitSignals((channel, payload) -> jdbc.queryForList("SELECT pg_notify(?, ?)", channel, payload));
    }

    @Bean
    EventStreamWaker eventStreamWaker() {
        return new EventStreamWaker();
    }

    @Bean
    ProjectionRegistry projectionRegistry(JdbcTemplate jdbc) {
        return new ProjectionRegistry(jdbc);
    }

    @Bean
    BuildTransitions buildTransitions(JdbcTemplate jdbc, TransactionTemplate transactions,
                                      ProjectionRegistry registry) {
        return new BuildTransitions(jdbc, transactions, registry);
    }

    /** Registers the declared versions first, so that reads always find a live version. */
    @Bean
    LiveProjections liveProjections(ProjectionRegistry registry, BuildTransitions transitions,
                                    List<ProjectionVersion<?>> versions,
                                    @Value("${prefs.query.projections.registry-ttl:5s}") Duration ttl) {
        transitions.registerDeclared(versions);
        return new LiveProjections(registry, versions, ttl);
    }

    @Bean
    ProjectionRuntime projectionRuntime(List<ProjectionVersion<?>> versions, ProjectionRegistry registry,
                                        LiveProjections liveProjections, CommitSignals signals,
                                        EventStreamWaker waker, EventStore eventStore, TokenStore tokenStore,
                                        TransactionManager transactionManager,
                                        ConnectionProvider connectionProvider, DeadLetterSchema deadLetterSchema,
                                        Serializer serializer, JdbcTemplate jdbc,
                                        @Value("${prefs.query.projections.batch-size:200}") int batchSize,
                                        @Value("${prefs.query.projections.synchronous-commit:false}")
                                        boolean synchronousCommit,
                                        ClaimSettings claims) {
        TransactionManager projections = synchronousCommit ? transactionManager
                : new AsynchronousCommit(transactionManager, jdbc);
        return new ProjectionRuntime(versions, registry, liveProjections, signals,
                new ProjectionRuntime.Axon(waker.wrap(eventStore), tokenStore, projections,
                        connectionProvider, deadLetterSchema, serializer),
                batchSize, GlobalIndexes.stored(jdbc), claims);
    }

    /** Shares the processors' segments out between the query-side processes sharing the database. */
    @Bean
    SegmentBalancer segmentBalancer(ProjectionRuntime runtime, JdbcTemplate jdbc, ClaimSettings claims) {
        return new SegmentBalancer(runtime, jdbc, claims);
    }

    @Bean
    ClaimSettings claimSettings(@Value("${prefs.events.token-claim-timeout:5s}") Duration timeout,
                                @Value("${prefs.query.projections.claim-extension:1s}") Duration extension,
                                @Value("${prefs.query.projections.claim-interval:1s}") Duration interval) {
        return new ClaimSettings(timeout, extension, interval);
    }

    /**
     * What the projections react to at once: new events wake their processors (the event store's own wake-up does
     * not reach the pooled processors' streams); a switch announced on {@value BuildTransitions#CHANNEL} drops the
     * cached live versions, so reads move right after the switch commits, not after the cache's TTL, and starts or
     * stops the processors of builds that changed.
     */
    @Bean
    SmartInitializingSingleton projectionNotifications(DatabaseNotifications notifications,
                                                       LiveProjections liveProjections, EventStreamWaker waker,
                                                       ProjectionRuntime runtime, CommitSignals signals) {
        return () -> {
            notifications.subscribe(DatabaseNotifications.EVENTS, waker::eventsAppended);
            notifications.subscribeWithPayload(CommitSignals.CHANNEL, signals::committedElsewhere);
            notifications.subscribe(BuildTransitions.CHANNEL, () -> {
                liveProjections.invalidate();
                runtime.reconcileSoon();
            });
        };
    }

    @Bean
    EventProcessorsHealthIndicator eventProcessorsHealthIndicator(ProjectionRuntime runtime, JdbcTemplate jdbc,
                                                                  ClaimSettings claims) {
        return new EventProcessorsHealthIndicator(runtime, new SegmentClaims(jdbc, claims.timeout()));
    }
}
