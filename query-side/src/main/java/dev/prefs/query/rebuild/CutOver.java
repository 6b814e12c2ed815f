package dev.prefs.query.rebuild;

import static dev.prefs.query.projection.BuildStatus.BUILDING;
import static dev.prefs.query.projection.BuildStatus.LIVE;
import static dev.prefs.query.projection.BuildStatus.STANDBY;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.LiveProjections;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Switches which build of a projection serves reads, in one transaction ({@link BuildTransitions#switchIn}): the new
 * build becomes live, the old one goes to standby (and keeps following events), the public view is pointed at the
 * new table, and {@code pg_notify} tells every query-side process to refresh its cached live lookup when the
 * transaction commits.
 */
final class CutOver {

    private static final Logger log = LoggerFactory.getLogger(CutOver.class);

    /** Why an activation did not happen. */
    enum Refusal { UNKNOWN, NOT_CAUGHT_UP }

    record Activation(Optional<RegisteredBuild> live, Refusal refusal) {
    }

    private final BuildTransitions transitions;
    private final TransactionTemplate transactions;
    private final ProjectionRegistry registry;
    private final ProjectionRuntime runtime;
    private final LiveProjections liveProjections;
    private final BuildFiguresReader figures;

    CutOver(BuildTransitions transitions, TransactionTemplate transactions, ProjectionRegistry registry,
            ProjectionRuntime runtime, LiveProjections liveProjections, BuildFiguresReader figures) {
        this.transitions = transitions;
        this.transactions = transactions;
        this.registry = registry;
        this.runtime = runtime;
        this.liveProjections = liveProjections;
        this.figures = figures;
    }

    /**
     * Ends a rebuild job that has caught up: its build becomes live, unless a newer version is live already (a job
     * for an older declared version), in which case it goes to standby. False if the build is no longer building.
     */
    boolean finishJob(String processingGroup) {
        Boolean done = transactions.execute(status -> {
            transitions.lockSwitches();
            Optional<RegisteredBuild> target = registry.build(processingGroup).filter(b -> b.status() == BUILDING);
            if (target.isEmpty()) {
                return false;
            }
            Optional<RegisteredBuild> live = registry.live(target.get().name());
            if (live.isPresent() && live.get().version() > target.get().version()) {
                transitions.standBy(target.get());
                log.info("Build {} caught up; version {} is newer and stays live", processingGroup,
                        live.get().version());
                return true;
            }
            switchTo(target.get(), live);
            return true;
        });
        afterSwitch();
        return Boolean.TRUE.equals(done);
    }

    /**
     * Makes version {@code version} of {@code name} serve reads: its newest generation that is live, on standby,
     * or building and caught up (a job still running for it ends as switched); or exactly {@code generation} when
     * given (a rollback after a rebuild of the same version).
     */
    Activation activate(String name, int version, Integer generation) {
        Activation activation = transactions.execute(status -> {
            transitions.lockSwitches();
            List<RegisteredBuild> generations = registry.builds(name).stream()
                    .filter(b -> b.version() == version)
                    .filter(b -> generation == null || b.generation() == generation)
                    .sorted(Comparator.comparingInt(RegisteredBuild::generation).reversed())
                    .toList();
            if (generations.isEmpty() || runtime.declared(name, version).isEmpty()) {
                return new Activation(Optional.empty(), Refusal.UNKNOWN);
            }
            Optional<RegisteredBuild> live = registry.live(name);
            for (RegisteredBuild candidate : generations) {
                if (candidate.status() == LIVE) {
                    return new Activation(Optional.of(candidate), null);
                }
                if (candidate.status() == STANDBY || caughtUpBuilding(candidate)) {
                    switchTo(candidate, live);
                    return new Activation(registry.build(candidate.processingGroup()), null);
                }
            }
            return new Activation(Optional.empty(), Refusal.NOT_CAUGHT_UP);
        });
        afterSwitch();
        return activation;
    }

    private boolean caughtUpBuilding(RegisteredBuild build) {
        return build.status() == BUILDING && (build.jobId() == null || build.bulkFinished())
               && figures.figures(build).caughtUp(figures.maxLag());
    }

    private void switchTo(RegisteredBuild target, Optional<RegisteredBuild> live) {
        Build<?> build = runtime.build(target).orElseThrow(() -> new IllegalStateException(
                "Version " + target.version() + " of " + target.name() + " is not declared in this code"));
        transitions.switchIn(target, build, live);
        log.info("Projection {}: reads switch from {} to {}", target.name(),
                live.map(RegisteredBuild::processingGroup).orElse("nothing"), target.processingGroup());
    }

    /** This process sees the switch at once; the others when the notification arrives. */
    private void afterSwitch() {
        liveProjections.invalidate();
        runtime.reconcileSoon();
    }
}
