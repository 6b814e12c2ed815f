package dev.prefs.query.preferences;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The user has no preferences (never created, deleted, or not at the asked time): 404. */
final class PreferencesNotFoundException extends ErrorResponseException {

    PreferencesNotFoundException(String userId) {
        super(HttpStatus.NOT_FOUND, problem(userId), null);
    }

    private static ProblemDetail problem(String userId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No preferences for user " + userId);
        problem.setType(URI.create("urn:prefs:problem:not-found"));
        problem.setTitle("Preferences not found");
        return problem;
    }
}
