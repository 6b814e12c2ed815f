package dev.prefs.command.preferences;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code prefs.command.aggregate-cache-size} users' aggregates (10,000 by default) stay in memory between commands
 * (the least recently used goes first), and the next command checks the cached one against the stream's last sequence
 * number instead of reading the snapshot and the events after it ({@link StoreCheckedCache}). At 0 every command
 * loads the aggregate from the store.
 */
@Configuration(proxyBeanMethods = false)
class UserPreferencesCache {

    static final String CACHE = "userPreferencesAggregateCache";

    @Bean(CACHE)
    Cache userPreferencesAggregateCache(EventStore eventStore,
                                        @Value("${prefs.command.aggregate-cache-size:10000}") int size) {
        if (size < 0) {
            throw new IllegalArgumentException("prefs.command.aggregate-cache-size must be 0 (off) or more, not "
                                               + size);
        }
        if (size == 0) {
            return NoCache.INSTANCE;
        }
        return new StoreCheckedCache(size, eventStore,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(UserPreferences.class));
    }
}
