package dev.prefs.query.projection;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns every {@link ProjectionVersion} bean into a running projection: an Axon pooled streaming processor named
 * after its processing group (its own tokens), sequenced per user, feeding one {@link ProjectionEventHandler}; and a
 * row in the projection registry, through which reads find the live version.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ProjectionProcessingConfiguration {

    @Bean
    CommitSignals commitSignals() {
        return new CommitSignals();
    }

    @Bean
    EventStreamWaker eventStreamWaker() {
        return new EventStreamWaker();
    }

    @Bean
    ConfigurerModule projectionProcessors(List<ProjectionVersion<?>> versions, CommitSignals signals,
                                          EventStreamWaker waker,
                                          @Value("${prefs.query.projections.batch-size:200}") int batchSize) {
        return configurer -> configurer.eventProcessing(processing -> versions.forEach(
                version -> register(processing, version, signals, waker, batchSize)));
    }

    private static void register(EventProcessingConfigurer processing, ProjectionVersion<?> version,
                                 CommitSignals signals, EventStreamWaker waker, int batchSize) {
        ProjectionEventHandler<?> handler = new ProjectionEventHandler<>(version, signals);
        String group = version.processingGroup();
        processing.registerEventHandler(configuration -> handler)
                  .assignHandlerInstancesMatching(group, candidate -> candidate == handler)
                  // Axon's default logs a failing event and moves on; a projection must stop and retry instead,
                  // or its rows silently miss the event (a dead-letter queue will park it instead, later).
                  .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                  .registerSequencingPolicy(group, c -> SequentialPerAggregatePolicy.instance())
                  .registerPooledStreamingEventProcessor(
                          group, c -> waker.wrap(c.eventStore()),
                          (c, builder) -> builder.initialSegmentCount(version.segments()).batchSize(batchSize));
    }

    @Bean
    ProjectionRegistry projectionRegistry(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new ProjectionRegistry(jdbc, transactions);
    }

    /** Registers the declared versions first, so that reads always find a live version. */
    @Bean
    LiveProjections liveProjections(ProjectionRegistry registry, List<ProjectionVersion<?>> versions,
                                    @Value("${prefs.query.projections.registry-ttl:5s}") Duration ttl) {
        registry.registerDeclared(versions);
        return new LiveProjections(registry, ttl);
    }

    @Bean
    ProjectionNotificationListener projectionNotificationListener(DataSource dataSource,
            LiveProjections liveProjections, EventStreamWaker waker,
            @Value("${prefs.events.listen-reconnect-delay:2s}") Duration reconnectDelay) {
        return new ProjectionNotificationListener(dataSource, liveProjections, waker, reconnectDelay);
    }

    @Bean
    EventProcessorsHealthIndicator eventProcessorsHealthIndicator(EventProcessingConfiguration processing) {
        return new EventProcessorsHealthIndicator(processing);
    }
}
