package dev.prefs.query.preferences;

import dev.prefs.query.personaldata.ErasedUsers;
import dev.prefs.query.personaldata.UserErasedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every read of a user's preferences that finds nothing (now, {@code asOf}, explain, history) answers 410 {@code
 * erased} rather than 404 while the user is erased and not created again ({@link ErasedUsers}); asked only on the
 * way to a 404, so found users cost nothing.
 */
@RestControllerAdvice(basePackages = "dev.prefs.query.preferences")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErasedPreferencesAdvice {

    private final ErasedUsers erasedUsers;

    ErasedPreferencesAdvice(ErasedUsers erasedUsers) {
        this.erasedUsers = erasedUsers;
    }

    @ExceptionHandler(PreferencesNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(PreferencesNotFoundException e) {
        ErrorResponseException answer = erasedUsers.erasedAt(e.userId())
                .<ErrorResponseException>map(at -> new UserErasedException(e.userId(), at)).orElse(e);
        return ResponseEntity.status(answer.getStatusCode()).body(answer.getBody());
    }
}
