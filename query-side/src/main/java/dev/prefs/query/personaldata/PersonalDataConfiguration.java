package dev.prefs.query.personaldata;

import dev.prefs.platform.crypto.ErasureStep;
import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.crypto.PersonalDataKeys;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The query side's part of a user's erasure: the endpoint, the settling after it, the "is erased" check of the
 * reads, and the step for what the projections keep outside their tables (each projection version is a step itself).
 */
@Configuration(proxyBeanMethods = false)
class PersonalDataConfiguration {

    @Bean
    ErasedUsers erasedUsers(PersonalDataErasure erasure, PersonalDataKeys keys, JdbcTemplate jdbc) {
        return new ErasedUsers(erasure, keys, jdbc);
    }

    @Bean
    ProjectionLeftovers projectionLeftovers() {
        return new ProjectionLeftovers();
    }

    @Bean
    UserErasure userErasure(PersonalDataErasure erasure, ObjectProvider<ErasureStep> steps, DataSource dataSource,
                            JdbcTemplate jdbc, Serializer serializer,
                            @Value("${prefs.events.token-claim-timeout:5s}") Duration claimTimeout,
                            @Value("${prefs.query.erasure.settle-timeout:10s}") Duration settleTimeout) {
        return new UserErasure(erasure, steps.orderedStream().toList(), dataSource, jdbc, serializer, claimTimeout,
                settleTimeout, Clock.systemUTC());
    }
}
