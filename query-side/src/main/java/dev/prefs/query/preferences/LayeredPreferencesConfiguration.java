package dev.prefs.query.preferences;

import dev.prefs.query.timeline.LayerTimeline;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reads of a user's preferences folded from the event store (asOf, explain, history). */
@Configuration(proxyBeanMethods = false)
class LayeredPreferencesConfiguration {

    @Bean
    LayeredPreferences layeredPreferences(LayerTimeline timeline) {
        return new LayeredPreferences(timeline, Clock.systemUTC());
    }
}
