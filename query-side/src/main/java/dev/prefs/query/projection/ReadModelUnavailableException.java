package dev.prefs.query.projection;

import dev.prefs.platform.problem.ProblemType;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

/**
 * No build of a projection can be read by this process: its live version is not declared in this code and no
 * standby build of a version it declares is left. A 503, not a bug of the request or of the code: it ends once the
 * new version is deployed to this process too (or reads are switched back to a version it declares).
 */
public final class ReadModelUnavailableException extends ErrorResponseException {

    /** A rolling deploy replaces a process within seconds to minutes; a few seconds keeps clients from hammering. */
    private static final String RETRY_AFTER_SECONDS = "5";

    ReadModelUnavailableException(String projection, int liveVersion) {
        super(ProblemType.READ_MODEL_UNAVAILABLE.status(), ProblemType.READ_MODEL_UNAVAILABLE.problem(
                "The live version " + liveVersion + " of " + projection + " is not declared in this process's code,"
                + " and no standby build of a version it declares is left to read; try again"), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
}
