package dev.prefs.query.layers;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reads of the layers' past, straight from the event store. */
@Configuration(proxyBeanMethods = false)
class LayersConfiguration {

    @Bean
    LayerTimeline layerTimeline(EventStore eventStore) {
        return new LayerTimeline(eventStore);
    }
}
