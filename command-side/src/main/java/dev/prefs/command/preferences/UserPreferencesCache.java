package dev.prefs.command.preferences;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code prefs.command.aggregate-cache} on, a user's aggregate stays in memory between commands (as long as the
 * garbage collector leaves it: a {@link WeakReferenceCache}), and the next command checks it against the stream's
 * last sequence number instead of reading the snapshot and the events after it ({@link StoreCheckedCache}). Off, every
 * command loads the aggregate from the store.
 */
@Configuration(proxyBeanMethods = false)
class UserPreferencesCache {

    static final String CACHE = "userPreferencesAggregateCache";

    @Bean(CACHE)
    Cache userPreferencesAggregateCache(EventStore eventStore,
                               @Value("${prefs.command.aggregate-cache:false}") boolean enabled) {
        if (!enabled) {
            return NoCache.INSTANCE;
        }
        return new StoreCheckedCache(new WeakReferenceCache(), eventStore,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(UserPreferences.class));
    }
}
