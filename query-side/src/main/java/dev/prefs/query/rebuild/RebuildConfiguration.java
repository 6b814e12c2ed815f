package dev.prefs.query.rebuild;

import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.LiveProjections;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.ProjectionVersion;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import dev.prefs.platform.crypto.StoredEventCrypto;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Rebuild jobs, their supervision, figures and gauges, and the rebuild command. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class RebuildConfiguration {

    @Bean
    BuildFiguresReader buildFiguresReader(JdbcTemplate jdbc, Serializer serializer,
                                          @Value("${prefs.query.rebuild.max-lag:100}") long maxLag) {
        return new BuildFiguresReader(jdbc, serializer, maxLag, Clock.systemUTC());
    }

    @Bean
    CutOver cutOver(BuildTransitions transitions, TransactionTemplate transactions, ProjectionRegistry registry,
                    ProjectionRuntime runtime, LiveProjections liveProjections, BuildFiguresReader figures) {
        return new CutOver(transitions, transactions, registry, runtime, liveProjections, figures);
    }

    @Bean
    GenerationTables generationTables(JdbcTemplate jdbc, TransactionTemplate transactions,
                                      BuildTransitions transitions, ProjectionRegistry registry,
                                      ProjectionRuntime runtime) {
        return new GenerationTables(jdbc, transactions, transitions, registry, runtime);
    }

    @Bean
    RebuildJobs rebuildJobs(DataSource dataSource, BuildTransitions transitions, TransactionTemplate transactions,
                            ProjectionRegistry registry, GenerationTables tables, ProjectionRuntime runtime,
                            CutOver cutOver, StoredEventCrypto crypto,
                            BuildFiguresReader figures, Serializer serializer, Configuration axon,
                            @Value("${prefs.query.rebuild.chunk-users:1000}") int chunkUsers,
                            @Value("${prefs.query.rebuild.fetch-size:5000}") int fetchSize,
                            @Value("${prefs.query.rebuild.poll-interval:1s}") Duration pollInterval) {
        BulkLoader bulk = new BulkLoader(dataSource, transitions, transactions,
                new EventSnapshotReader(serializer, axon.upcasterChain(), crypto), runtime, chunkUsers, fetchSize);
        return new RebuildJobs(dataSource, transitions, transactions, registry, tables, runtime,
                new RebuildJob.Steps(transitions, transactions, registry, runtime, bulk, cutOver, figures,
                        pollInterval));
    }

    @Bean
    RebuildMetrics rebuildMetrics(MeterRegistry meters) {
        return new RebuildMetrics(meters);
    }

    @Bean
    RebuildSupervisor rebuildSupervisor(ProjectionRegistry registry, BuildTransitions transitions,
                                        TransactionTemplate transactions, GenerationTables tables,
                                        List<ProjectionVersion<?>> declared, ProjectionRuntime runtime,
                                        RebuildJobs jobs, BuildFiguresReader figures, RebuildMetrics metrics,
                                        @Value("${prefs.query.rebuild.poll-interval:1s}") Duration interval,
                                        @Value("${prefs.query.rebuild.standby-grace:24h}") Duration grace,
                                        @Value("${prefs.query.rebuild.retired-grace:24h}") Duration retiredGrace) {
        return new RebuildSupervisor(registry, transitions, transactions, tables, declared, runtime, jobs, figures,
                metrics, interval, grace, retiredGrace);
    }

    @Bean
    RebuildCommand rebuildCommand(ConfigurableApplicationContext context, RebuildJobs jobs,
                                  ProjectionRegistry registry, BuildFiguresReader figures) {
        return new RebuildCommand(context, jobs, registry, figures, System.out, Duration.ofMillis(500));
    }
}
