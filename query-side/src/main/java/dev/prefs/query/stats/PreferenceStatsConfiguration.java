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
        return version(repository, PreferenceStatsProjection.VERSION_1, PreferenceStatsProjection.TABLE_PREFIX_1);
    }

    /** Per-channel counts (V8). */
    @Bean
    ProjectionVersion<StatsUserView> preferenceStatsV2(PreferenceStatsViewRepository repository) {
        return version(repository, PreferenceStatsProjection.VERSION_2, PreferenceStatsProjection.TABLE_PREFIX_2);
    }

    private static ProjectionVersion<StatsUserView> version(PreferenceStatsViewRepository repository, int version,
                                                            String prefix) {
        String users = prefix + "_users";
        String counts = prefix + "_counts";
        boolean channels = version >= PreferenceStatsProjection.VERSION_2;
        return new ProjectionVersion<>(PreferenceStatsProjection.NAME, version, counts,
                new PreferenceStatsProjection(),
                tables -> repository.rowsOf(tables.apply(users), tables.apply(counts), channels),
                SEGMENTS, List.of(users, counts), null);
    }
}
