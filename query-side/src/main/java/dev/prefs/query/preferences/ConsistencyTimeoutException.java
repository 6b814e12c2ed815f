package dev.prefs.query.preferences;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The read model did not reach the asked version within the consistency timeout: 503, try again shortly. */
final class ConsistencyTimeoutException extends ErrorResponseException {

    /** Projections usually catch up within milliseconds; a second is long enough not to hammer a lagging one. */
    private static final String RETRY_AFTER_SECONDS = "1";

    ConsistencyTimeoutException(String userId, long minVersion, Duration timeout) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(userId, minVersion, timeout), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    private static ProblemDetail problem(String userId, long minVersion, Duration timeout) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The read model did not reach version " + minVersion + " of user " + userId + " within "
                + timeout.toMillis() + " ms");
        problem.setType(URI.create("urn:prefs:problem:not-caught-up"));
        problem.setTitle("Read model not caught up");
        return problem;
    }
}
