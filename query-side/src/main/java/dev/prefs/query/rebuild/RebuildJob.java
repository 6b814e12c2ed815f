package dev.prefs.query.rebuild;

import static dev.prefs.query.projection.BuildStatus.BUILDING;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One run of a rebuild job in the process that holds its lock: the bulk phase (or what is left of it), then the
 * follow phase, in which the build's own processor catches up from the snapshot while the job checks the cut-over
 * conditions (lag within the threshold, no dead letters unless forced) and switches the build in when they hold.
 */
final class RebuildJob {

    private static final Logger log = LoggerFactory.getLogger(RebuildJob.class);

    /** What a job needs, shared by all jobs of the process. */
    record Steps(BuildTransitions transitions, TransactionTemplate transactions, ProjectionRegistry registry, ProjectionRuntime runtime, BulkLoader bulk,
                 CutOver cutOver, BuildFiguresReader figures, Duration pollInterval) {
    }

    private final UUID jobId;
    private final String processingGroup;
    private final Steps steps;
    private volatile boolean stopping;

    RebuildJob(UUID jobId, String processingGroup, Steps steps) {
        this.jobId = jobId;
        this.processingGroup = processingGroup;
        this.steps = steps;
    }

    UUID jobId() {
        return jobId;
    }

    void stop() {
        stopping = true;
    }

    void run() {
        try {
            Optional<RegisteredBuild> row = current();
            Optional<Build<?>> build = row.flatMap(steps.runtime()::build);
            if (row.isEmpty() || build.isEmpty()) {
                return;
            }
            if (!row.get().bulkFinished()) {
                // Every process starts following the build once the bulk phase is done (its end announces it).
                steps.bulk().load(build.get(), row.get(), () -> stopping);
                steps.runtime().reconcile();
            }
            follow();
        } catch (BulkLoader.Stopped e) {
            log.info("Rebuild job {} stopped: {}", jobId, e.getMessage());
        } catch (Exception e) {
            if (stopping) {
                log.info("Rebuild job {} stopped ({}); it resumes from its checkpoint", jobId, e.toString());
            } else {
                fail(e);
            }
        }
    }

    private void follow() throws InterruptedException {
        String refusal = null;
        while (!stopping) {
            Optional<RegisteredBuild> row = current();
            if (row.isEmpty()) {
                return;
            }
            BuildFigures figures = steps.figures().figures(row.get());
            if (figures.caughtUp(steps.figures().maxLag())) {
                if (figures.deadLetters() > 0 && !row.get().forceCutOver()) {
                    String reason = "cut-over refused: " + figures.deadLetters() + " dead-lettered event(s) in "
                                    + processingGroup + " (retry them, or rebuild with force=true)";
                    if (!reason.equals(refusal)) {
                        refusal = reason;
                        log.warn("Rebuild job {}: {}", jobId, reason);
                        steps.transitions().caughtUp(processingGroup, reason);
                    }
                } else if (steps.cutOver().finishJob(processingGroup)) {
                    log.info("Rebuild job {} finished: {} switched in", jobId, processingGroup);
                    return;
                }
            }
            Thread.sleep(steps.pollInterval().toMillis());
        }
    }

    /** The job's build while it is still building under this job. */
    private Optional<RegisteredBuild> current() {
        return steps.registry().build(processingGroup)
                .filter(b -> b.status() == BUILDING && jobId.equals(b.jobId()));
    }

    private void fail(Exception e) {
        log.error("Rebuild job {} of {} failed", jobId, processingGroup, e);
        steps.transactions().executeWithoutResult(
                status -> steps.transitions().fail(processingGroup, String.valueOf(e.getMessage())));
        steps.runtime().reconcileSoon();
    }
}
