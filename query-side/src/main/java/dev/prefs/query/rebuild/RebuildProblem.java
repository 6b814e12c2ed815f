package dev.prefs.query.rebuild;

import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A refused admin request, as the problem detail QueryProblemHandler answers with. */
final class RebuildProblem extends ErrorResponseException {

    private final UUID runningJob;

    private RebuildProblem(HttpStatus status, String type, String title, String detail, UUID runningJob) {
        super(status, problem(status, type, title, detail), null);
        this.runningJob = runningJob;
        if (runningJob != null) {
            getBody().setProperty("jobId", runningJob);
        }
    }

    static RebuildProblem unknownProjection(String name) {
        return new RebuildProblem(HttpStatus.NOT_FOUND, "unknown-projection", "Unknown projection",
                "No projection named " + name + " is declared", null);
    }

    static RebuildProblem unknownVersion(String name, int version) {
        return new RebuildProblem(HttpStatus.NOT_FOUND, "unknown-projection-version", "Unknown projection version",
                "Projection " + name + " has no version " + version, null);
    }

    static RebuildProblem unknownJob(UUID jobId) {
        return new RebuildProblem(HttpStatus.NOT_FOUND, "unknown-rebuild", "Unknown rebuild",
                "No rebuild job " + jobId, null);
    }

    static RebuildProblem alreadyRunning(String name, UUID jobId) {
        return new RebuildProblem(HttpStatus.CONFLICT, "rebuild-running", "A rebuild is running",
                "A rebuild of " + name + " is already running (job " + jobId + ")", jobId);
    }

    static RebuildProblem notRunning(UUID jobId) {
        return new RebuildProblem(HttpStatus.CONFLICT, "rebuild-not-running", "The rebuild is not running",
                "Rebuild job " + jobId + " has already ended", null);
    }

    static RebuildProblem noLiveVersion(String name) {
        return new RebuildProblem(HttpStatus.CONFLICT, "no-live-version", "Nothing to rebuild",
                "Projection " + name + " has no live version declared in this code", null);
    }

    static RebuildProblem notCaughtUp(String name, int version) {
        return new RebuildProblem(HttpStatus.CONFLICT, "not-caught-up", "Version not caught up",
                "Version " + version + " of " + name + " has no build that has caught up with the events", null);
    }

    /** The job already running, for a rebuild refused because of it. */
    UUID runningJob() {
        return runningJob;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:prefs:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
