package dev.prefs.query.stats;

import dev.prefs.query.projection.ProjectionVersion;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The preferencestats projection's declared versions. */
@Configuration(proxyBeanMethods = false)
class PreferenceStatsConfiguration {

    /** Every batch touches the same few counter rows: one segment, so batches never wait on each other's locks. */
    private static final int SEGMENTS = 1;

    @Bean
    PreferenceStatsViewRepository preferenceStatsViewRepository(JdbcTemplate jdbc) {
        return new PreferenceStatsViewRepository(jdbc);
    }

    @Bean
    ProjectionVersion<StatsUserView> preferenceStatsV1(PreferenceStatsViewRepository repository) {
        String users = PreferenceStatsProjection.TABLE_PREFIX + "_users";
        String counts = PreferenceStatsProjection.TABLE_PREFIX + "_counts";
        return new ProjectionVersion<>(PreferenceStatsProjection.NAME, PreferenceStatsProjection.VERSION, counts,
                new PreferenceStatsProjection(), tables -> repository.rowsOf(tables.apply(users), tables.apply(counts)),
                SEGMENTS, List.of(users, counts), null);
    }
}
