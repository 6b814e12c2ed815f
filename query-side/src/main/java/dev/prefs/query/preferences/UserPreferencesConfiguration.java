package dev.prefs.query.preferences;

import dev.prefs.query.projection.CommitSignals;
import dev.prefs.query.projection.LiveProjections;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.PublicView;
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

    /** Release 1's version: one switch for notifications. It stays declared so that {@code activate} can go back. */
    @Bean
    ProjectionVersion<UserPreferencesView> userPreferencesV1(UserPreferencesViewRepository repository) {
        return version(repository, UserPreferencesProjection.VERSION_1, UserPreferencesProjection.TABLE_1,
                UserPreferencesProjection.PUBLIC_VIEW_1);
    }

    /** The notification channels (V8): built by replay beside version 1 when first deployed, then switched in. */
    @Bean
    ProjectionVersion<UserPreferencesView> userPreferencesV2(UserPreferencesViewRepository repository) {
        return version(repository, UserPreferencesProjection.VERSION_2, UserPreferencesProjection.TABLE_2,
                UserPreferencesProjection.PUBLIC_VIEW_2);
    }

    private static ProjectionVersion<UserPreferencesView> version(UserPreferencesViewRepository repository,
                                                                  int version, String table, PublicView view) {
        UserPreferencesViewRepository.Layout layout = UserPreferencesViewRepository.Layout.of(version);
        return new ProjectionVersion<>(UserPreferencesProjection.NAME, version, table,
                new UserPreferencesProjection(), tables -> repository.rowsOf(tables.apply(table), layout), SEGMENTS,
                List.of(table), view);
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
                                                    ProjectionVersion<UserPreferencesView> userPreferencesV2) {
        // The past is folded with the newest version's fold, so asOf and history show the channels.
        return new UserPreferencesTimeline(eventStore, userPreferencesV2);
    }
}
