package dev.prefs.query.personaldata;

import dev.prefs.platform.problem.ProblemType;
import java.time.Instant;
import org.springframework.web.ErrorResponseException;

/** The user's personal data was erased (and the user id not created again): 410 {@code erased}. */
public final class UserErasedException extends ErrorResponseException {

    public UserErasedException(String userId, Instant erasedAt) {
        super(ProblemType.ERASED.status(), ProblemType.ERASED.problem("The personal data of user " + userId
                + " was erased at " + erasedAt + "; nothing about them is kept"), null);
    }
}
