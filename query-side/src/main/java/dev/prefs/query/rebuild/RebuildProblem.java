package dev.prefs.query.rebuild;

import dev.prefs.platform.problem.ProblemType;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.web.ErrorResponseException;

/** A refused admin request, as the problem detail QueryProblemHandler answers with. */
final class RebuildProblem extends ErrorResponseException {

    private final UUID runningJob;

    private RebuildProblem(ProblemType type, String detail, UUID runningJob) {
        super(type.status(), type.problem(detail), null);
        this.runningJob = runningJob;
        if (runningJob != null) {
            getBody().setProperty("jobId", runningJob);
        }
    }

    static RebuildProblem unknownProjection(String name) {
        return new RebuildProblem(ProblemType.UNKNOWN_PROJECTION,
                "No projection named " + name + " is declared", null);
    }

    static RebuildProblem unknownVersion(String name, int version) {
        return new RebuildProblem(ProblemType.UNKNOWN_PROJECTION_VERSION,
                "Projection " + name + " has no version " + version, null);
    }

    static RebuildProblem unknownGeneration(String name, int version, int generation, List<Integer> generations) {
        return new RebuildProblem(ProblemType.UNKNOWN_PROJECTION_GENERATION, "Version " + version + " of " + name
                + " has no generation " + generation + "; its generations are " + generations.stream()
                .map(String::valueOf).collect(Collectors.joining(", ")), null);
    }

    static RebuildProblem unknownJob(UUID jobId) {
        return new RebuildProblem(ProblemType.UNKNOWN_REBUILD,
                "No rebuild job " + jobId, null);
    }

    static RebuildProblem alreadyRunning(String name, UUID jobId) {
        return new RebuildProblem(ProblemType.REBUILD_RUNNING,
                "A rebuild of " + name + " is already running (job " + jobId + ")", jobId);
    }

    static RebuildProblem notRunning(UUID jobId) {
        return new RebuildProblem(ProblemType.REBUILD_NOT_RUNNING,
                "Rebuild job " + jobId + " has already ended", null);
    }

    static RebuildProblem noLiveVersion(String name) {
        return new RebuildProblem(ProblemType.NO_LIVE_VERSION,
                "Projection " + name + " has no live version declared in this code", null);
    }

    static RebuildProblem notCaughtUp(String name, int version) {
        return new RebuildProblem(ProblemType.BUILD_NOT_CAUGHT_UP,
                "Version " + version + " of " + name + " has no build that has caught up with the events", null);
    }

    /** The job already running, for a rebuild refused because of it. */
    UUID runningJob() {
        return runningJob;
    }
}
