package dev.prefs.query.timeline;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reads of the layers' past, straight from the event store. */
@Configuration(proxyBeanMethods = false)
class TimelineConfiguration {

    @Bean
    LayerTimeline layerTimeline(EventStore eventStore) {
        return new LayerTimeline(eventStore);
    }
}
