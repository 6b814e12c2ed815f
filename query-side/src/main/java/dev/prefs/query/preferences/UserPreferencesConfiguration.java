package dev.prefs.query.preferences;

import dev.prefs.query.projection.CommitSignals;
import dev.prefs.query.projection.LiveProjections;
import java.time.Duration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reads served from the userpreferences projection. Its versions are beans of their own classes, subclasses of
 * {@link UserPreferencesVersion}.
 */
@Configuration(proxyBeanMethods = false)
class UserPreferencesConfiguration {

    @Bean
    UserPreferencesQueries userPreferencesQueries(LiveProjections liveProjections, CommitSignals signals,
                                                  EventStore eventStore,
                                                  @Value("${prefs.query.consistency-timeout:2s}") Duration timeout) {
        return new UserPreferencesQueries(liveProjections, signals, timeout,
                userId -> eventStore.lastSequenceNumberFor(userId).map(last -> last + 1).orElse(0L));
    }
}
