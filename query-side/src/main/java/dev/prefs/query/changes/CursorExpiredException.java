package dev.prefs.query.changes;

import dev.prefs.platform.problem.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 410: the feed purged changes after the cursor asked for; the answer names where it starts now. */
final class CursorExpiredException extends ErrorResponseException {

    CursorExpiredException(String oldest, String restartAfter) {
        super(HttpStatus.GONE, problem(oldest, restartAfter), null);
    }

    private static ProblemDetail problem(String oldest, String restartAfter) {
        ProblemDetail problem = ProblemType.CURSOR_EXPIRED.problem("The change feed keeps changes for its retention"
                + " period only, and some after this cursor are gone; resume after restartAfter (then reconcile"
                + " from the source of truth)");
        problem.setProperty("oldest", oldest);
        problem.setProperty("restartAfter", restartAfter);
        return problem;
    }
}
