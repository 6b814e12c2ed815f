package dev.prefs.query.personaldata;

import dev.prefs.query.timeline.LayerTimeline;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The export of a user's personal data. */
@Configuration(proxyBeanMethods = false)
class PersonalDataExportConfiguration {

    @Bean
    PersonalDataExports personalDataExports(LayerTimeline timeline, JdbcTemplate jdbc, ErasedUsers erased) {
        return new PersonalDataExports(timeline, jdbc, erased, Clock.systemUTC());
    }
}
