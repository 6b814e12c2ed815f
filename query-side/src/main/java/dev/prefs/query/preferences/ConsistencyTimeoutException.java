package dev.prefs.query.preferences;

import dev.prefs.platform.problem.ProblemType;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The read model did not reach the asked version within the consistency timeout: 503, try again shortly. */
final class ConsistencyTimeoutException extends ErrorResponseException {

    /** Projections usually catch up within milliseconds; a second is long enough not to hammer a lagging one. */
    private static final String RETRY_AFTER_SECONDS = "1";

    ConsistencyTimeoutException(String userId, long minVersion, Duration timeout) {
        super(ProblemType.NOT_CAUGHT_UP.status(), problem(userId, minVersion, timeout), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    private static ProblemDetail problem(String userId, long minVersion, Duration timeout) {
        return ProblemType.NOT_CAUGHT_UP.problem("The read model did not reach version " + minVersion + " of user "
                                                 + userId + " within " + timeout.toMillis() + " ms");
    }
}
