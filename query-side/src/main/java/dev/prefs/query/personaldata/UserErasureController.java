package dev.prefs.query.personaldata;

import dev.prefs.events.UserId;
import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.openapi.Problem;
import dev.prefs.platform.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Erasure of a user's personal data (admins; {@code /admin/**} needs the admin role). */
@RestController
@Tag(name = PersonalDataExportController.TAG, description = PersonalDataExportController.TAG_DESCRIPTION)
class UserErasureController {

    /** The answer: whom, and when the erasure was done (the same for a repeat). */
    record Erased(String userId, Instant erasedAt) {
    }

    private final UserErasure erasure;

    UserErasureController(UserErasure erasure) {
        this.erasure = erasure;
    }

    @PostMapping("/admin/users/{userId}/erase")
    @Operation(operationId = "eraseUser", summary = "Erase a user's personal data",
            description = "The user's events stay in the event store, unreadable (their key is deleted); every read"
                          + " model forgets the user. Answered once nothing of the user is left; a repeat answers"
                          + " the same. The user id may be created again, with an empty history.")
    @ApiResponse(responseCode = "200", description = "Erased (now or before)")
    @Problem(status = 400, when = "Invalid user id")
    @Problem(status = 404, when = "The user was never created")
    @Problem(status = 409, when = "The user's events are still stored in clear: run encrypt-events first; nothing "
                                  + "was erased")
    @Problem(status = 503, when = "Erased, but a read model's processor did not pass the erasure in time: repeat")
    Erased erase(@Parameter(example = "alice") @PathVariable String userId) {
        UserId.require(userId);
        PersonalDataErasure.Erased erased = erasure.erase(userId).orElseThrow(() -> new NeverCreated(userId));
        return new Erased(erased.userId(), erased.erasedAt());
    }

    @ExceptionHandler(PersonalDataErasure.NotYetEncryptedException.class)
    ResponseEntity<ProblemDetail> notYetEncrypted(PersonalDataErasure.NotYetEncryptedException e) {
        return ResponseEntity.status(ProblemType.EVENTS_NOT_YET_ENCRYPTED.status())
                .body(ProblemType.EVENTS_NOT_YET_ENCRYPTED.problem(e.getMessage()));
    }

    @ExceptionHandler(NeverCreated.class)
    ResponseEntity<ProblemDetail> neverCreated(NeverCreated e) {
        return ResponseEntity.status(ProblemType.PREFERENCES_NOT_FOUND.status())
                .body(ProblemType.PREFERENCES_NOT_FOUND.problem(e.getMessage()));
    }

    @ExceptionHandler(UserErasure.NotSettledException.class)
    ResponseEntity<ProblemDetail> notSettled(UserErasure.NotSettledException e) {
        return ResponseEntity.status(ProblemType.NOT_CAUGHT_UP.status()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemType.NOT_CAUGHT_UP.problem(e.getMessage()));
    }

    private static final class NeverCreated extends RuntimeException {
        NeverCreated(String userId) {
            super("No preferences for user " + userId + " were ever created");
        }
    }
}
