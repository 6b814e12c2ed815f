package dev.prefs.command.preferences;

import dev.prefs.events.InvalidValueException;
import dev.prefs.platform.problem.DatabaseUnavailable;
import dev.prefs.platform.problem.FieldError;
import dev.prefs.platform.problem.FrameworkProblems;
import dev.prefs.platform.problem.ProblemType;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure of a command request as an RFC 9457 problem ({@code application/problem+json} with {@code type},
 * {@code title}, {@code status}, {@code detail}; validation adds {@code errors}). Scoped to the command side's
 * controllers, so in the standalone process the query side keeps its own mapping; ordered first, so it wins over
 * Spring Boot's application-wide problem details handler.
 */
@RestControllerAdvice(basePackages = "dev.prefs.command")
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<Object> invalid(InvalidPreferencesException e) {
        return validationFailed(e.errors());
    }

    @ExceptionHandler
    ResponseEntity<Object> invalid(InvalidValueException e) {
        return validationFailed(List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<Object> refused(CommandRefusedException e) {
        return problem(e.type(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> malformed(MalformedRequestException e) {
        return problem(ProblemType.MALFORMED_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e) {
        return problem(ProblemType.BODY_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> notFound(PreferencesNotFoundException e) {
        return problem(ProblemType.PREFERENCES_NOT_FOUND, e.getMessage());
    }

    /** Axon's answer when no event exists for the id at all. */
    @ExceptionHandler
    ResponseEntity<Object> notFound(AggregateNotFoundException e) {
        return notFound(new PreferencesNotFoundException(String.valueOf(e.getAggregateIdentifier())));
    }

    @ExceptionHandler
    ResponseEntity<Object> exists(PreferencesAlreadyExistException e) {
        return problem(ProblemType.PREFERENCES_EXIST, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> versionMismatch(VersionMismatchException e) {
        return problem(ProblemType.VERSION_MISMATCH, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> keyReused(IdempotencyKeyReusedException e) {
        return problem(ProblemType.IDEMPOTENCY_KEY_REUSED, e.getMessage());
    }

    /** Not a 5xx: nothing is broken, the client may simply send the request again. */
    @ExceptionHandler
    ResponseEntity<Object> writeConflict(WriteConflictException e) {
        log.warn("Gave up retrying a command after concurrent appends", e);
        ResponseEntity<Object> problem = problem(ProblemType.WRITE_CONFLICT, e.getMessage());
        return ResponseEntity.status(problem.getStatusCode()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem.getBody());
    }

    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) throws Exception {
        if (e instanceof org.springframework.web.ErrorResponse) {
            // Spring MVC's own exceptions keep their status, through the handler this class extends.
            return handleException(e, request);
        }
        if (DatabaseUnavailable.causes(e)) {
            log.warn("Command refused: the database is unavailable ({})", e.toString());
            ResponseEntity<ProblemDetail> answer = DatabaseUnavailable.answer(
                    "The event store cannot be reached; nothing was changed, try again");
            return new ResponseEntity<>(answer.getBody(), answer.getHeaders(), answer.getStatusCode());
        }
        log.error("Command request failed", e);
        return problem(ProblemType.INTERNAL_ERROR, "The request failed on our side; nothing was changed");
    }

    /** Spring MVC's own problems (415, 405, ...) as problems of the catalogue, the same on both sides. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (ex instanceof org.springframework.web.ErrorResponse error) {
            ProblemDetail problem = FrameworkProblems.problem(error);
            return ResponseEntity.status(problem.getStatus()).headers(FrameworkProblems.headers(error)).body(problem);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> validationFailed(List<FieldError> errors) {
        ProblemDetail problem = FieldError.validationFailed(errors);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static ResponseEntity<Object> problem(ProblemType type, String detail) {
        return ResponseEntity.status(type.status()).body(type.problem(detail));
    }
}
