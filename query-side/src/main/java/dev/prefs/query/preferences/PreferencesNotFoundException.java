package dev.prefs.query.preferences;

import dev.prefs.platform.problem.ProblemType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The user has no preferences (never created, deleted, or not at the asked time): 404; 410 {@code erased} instead
 * while the user is erased ({@link ErasedPreferencesAdvice}).
 */
public final class PreferencesNotFoundException extends ErrorResponseException {

    private final String userId;

    public PreferencesNotFoundException(String userId) {
        super(ProblemType.PREFERENCES_NOT_FOUND.status(), problem(userId), null);
        this.userId = userId;
    }

    String userId() {
        return userId;
    }

    private static ProblemDetail problem(String userId) {
        return ProblemType.PREFERENCES_NOT_FOUND.problem("No preferences for user " + userId);
    }
}
