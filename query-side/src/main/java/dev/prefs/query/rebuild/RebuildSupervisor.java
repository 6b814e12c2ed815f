package dev.prefs.query.rebuild;

import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RegisteredBuild;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every query-side process does now and then: registers declared versions that could not be registered yet
 * (another rebuild was running), retires standby builds past their grace period, drops the tables of builds retired
 * for longer than theirs, takes over rebuild jobs whose process died, brings the processors in line with the registry
 * and refreshes the gauges. At start-up first, so a killed job resumes as soon as any process starts.
 */
final class RebuildSupervisor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RebuildSupervisor.class);

    private final ProjectionRegistry registry;
    private final BuildTransitions transitions;
    private final TransactionTemplate transactions;
    private final GenerationTables tables;
    private final List<ProjectionVersion<?>> declared;
    private final ProjectionRuntime runtime;
    private final RebuildJobs jobs;
    private final BuildFiguresReader figures;
    private final RebuildMetrics metrics;
    private final Duration interval;
    private final Duration standbyGrace;
    private final Duration retiredGrace;
    private ScheduledExecutorService scheduler;

    RebuildSupervisor(ProjectionRegistry registry, BuildTransitions transitions, TransactionTemplate transactions,
                      GenerationTables tables, List<ProjectionVersion<?>> declared, ProjectionRuntime runtime,
                      RebuildJobs jobs, BuildFiguresReader figures, RebuildMetrics metrics, Duration interval,
                      Duration standbyGrace, Duration retiredGrace) {
        this.registry = registry;
        this.transitions = transitions;
        this.transactions = transactions;
        this.tables = tables;
        this.declared = declared;
        this.runtime = runtime;
        this.jobs = jobs;
        this.figures = figures;
        this.metrics = metrics;
        this.interval = interval;
        this.standbyGrace = standbyGrace;
        this.retiredGrace = retiredGrace;
    }

    void tick() {
        transitions.registerDeclared(declared);
        Integer retired = transactions.execute(status -> {
            // An activation of a standby build must not race its retirement.
            transitions.lockSwitches();
            return transitions.retireExpiredStandby(standbyGrace);
        });
        if (retired != null && retired > 0) {
            log.info("Retired {} standby build(s) past their grace period of {}", retired, standbyGrace);
        }
        jobs.takeOver();
        runtime.reconcile();
        // After the reconciliation: this process runs no processor of a retired build any more.
        tables.dropRetired(retiredGrace);
        long head = figures.head();
        for (RegisteredBuild build : registry.builds()) {
            metrics.record(build, figures.figures(build, head));
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        // The first look is synchronous: a command run in this process must know which jobs it took over.
        safeTick();
        scheduler.scheduleWithFixedDelay(this::safeTick, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Projection supervision failed this time: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        jobs.stop();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** After the projection runtime (it starts processors of builds whose bulk phase is done). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 4 + 1;
    }
}
