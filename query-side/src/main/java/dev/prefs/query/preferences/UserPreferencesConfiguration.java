package dev.prefs.query.preferences;

import dev.prefs.query.projection.CommitSignals;
import dev.prefs.query.projection.LiveProjections;
import dev.prefs.query.projection.ProjectionVersion;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The userpreferences projection's declared versions and the reads served from it. */
@Configuration(proxyBeanMethods = false)
class UserPreferencesConfiguration {

    /** Users are spread over segments, so several threads fold different users' batches at once. */
    private static final int SEGMENTS = 4;

    @Bean
    UserPreferencesViewRepository userPreferencesViewRepository(JdbcTemplate jdbc) {
        return new UserPreferencesViewRepository(jdbc);
    }

    @Bean
    ProjectionVersion<UserPreferencesView> userPreferencesV1(UserPreferencesViewRepository repository) {
        return new ProjectionVersion<>(UserPreferencesProjection.NAME, UserPreferencesProjection.VERSION,
                UserPreferencesProjection.TABLE, new UserPreferencesProjection(),
                tables -> repository.rowsOf(tables.apply(UserPreferencesProjection.TABLE)), SEGMENTS,
                List.of(UserPreferencesProjection.TABLE), UserPreferencesProjection.PUBLIC_VIEW);
    }

    @Bean
    UserPreferencesQueries userPreferencesQueries(UserPreferencesViewRepository repository,
                                                  LiveProjections liveProjections, CommitSignals signals,
                                                  EventStore eventStore,
                                                  @Value("${prefs.query.consistency-timeout:2s}") Duration timeout) {
        return new UserPreferencesQueries(repository, liveProjections, signals, timeout,
                userId -> eventStore.lastSequenceNumberFor(userId).map(last -> last + 1).orElse(0L));
    }

    @Bean
    UserPreferencesTimeline userPreferencesTimeline(EventStore eventStore,
                                                    ProjectionVersion<UserPreferencesView> userPreferencesV1) {
        return new UserPreferencesTimeline(eventStore, userPreferencesV1);
    }
}
