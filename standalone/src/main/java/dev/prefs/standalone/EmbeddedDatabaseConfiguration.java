package dev.prefs.standalone;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts the embedded PostgreSQL and points the data source at it, unless {@code spring.datasource.url}
 * ({@code SPRING_DATASOURCE_URL}) is set: then Spring Boot's own data source is used and no server is started. The
 * server is started early, beside the building of the context ({@link EmbeddedDatabaseStart}); a context built
 * without that listener starts it here.
 * Owning its database alone, it takes over the event processors' segment claims at start-up ({@link ClaimTakeover}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseConfigured.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(ObjectProvider<EmbeddedDatabaseStart> early, Environment environment) {
        EmbeddedDatabaseStart start = early.getIfAvailable();
        if (start != null) {
            return start.await();
        }
        return new EmbeddedDatabase(
                Path.of(environment.getProperty(EmbeddedDatabaseStart.DATA_FOLDER, EmbeddedDatabaseStart.DEFAULT_DATA_FOLDER)),
                environment.getProperty(EmbeddedDatabaseStart.PORT, Integer.class, 0));
    }

    /** Pool settings come from {@code spring.datasource.hikari.*}, as they would for a configured database. */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername(EmbeddedDatabase.USER);
        dataSource.setPoolName("prefs-embedded");
        return dataSource;
    }

    /**
     * After the schema migration (token_entry must exist), and, being a singleton, before any lifecycle starts the
     * event processors.
     */
    @Bean
    @DependsOnDatabaseInitialization
    ClaimTakeover claimTakeover(EmbeddedDatabase database, JdbcTemplate jdbc) {
        return new ClaimTakeover(database, jdbc);
    }

    static class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return EmbeddedDatabaseStart.noDatabaseConfigured(context.getEnvironment());
        }
    }
}
