package dev.prefs.command.preferences;

import dev.prefs.platform.problem.DatabaseUnavailable;

import dev.prefs.events.InvalidValueException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

    static final String TYPE_PREFIX = "urn:prefs:problem:";
    private static final Logger log = LoggerFactory.getLogger(CommandProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<Object> invalid(InvalidPreferencesException e) {
        return validationFailed(e.errors());
    }

    @ExceptionHandler
    ResponseEntity<Object> invalid(InvalidValueException e) {
        return validationFailed(List.of(new InvalidField(e.field(), e.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<Object> malformed(MalformedRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> notFound(PreferencesNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "preferences-not-found", "Preferences not found", e.getMessage());
    }

    /** Axon's answer when no event exists for the id at all. */
    @ExceptionHandler
    ResponseEntity<Object> notFound(AggregateNotFoundException e) {
        return notFound(new PreferencesNotFoundException(String.valueOf(e.getAggregateIdentifier())));
    }

    @ExceptionHandler
    ResponseEntity<Object> exists(PreferencesAlreadyExistException e) {
        return problem(HttpStatus.CONFLICT, "preferences-exist", "Preferences already exist", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> versionMismatch(VersionMismatchException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Version mismatch", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Object> keyReused(IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
                e.getMessage());
    }

    /** Not a 5xx: nothing is broken, the client may simply send the request again. */
    @ExceptionHandler
    ResponseEntity<Object> writeConflict(WriteConflictException e) {
        log.warn("Gave up retrying a command after concurrent appends", e);
        ResponseEntity<Object> problem = problem(HttpStatus.CONFLICT, "write-conflict", "Concurrent write conflict",
                e.getMessage());
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
            ResponseEntity<Object> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                    "Database unavailable", "The event store cannot be reached; nothing was changed, try again");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS).body(problem.getBody());
        }
        log.error("Command request failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request failed on our side; nothing was changed");
    }

    /** Spring MVC's own problems (415, 405, ...) get a type of ours instead of {@code about:blank}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                                                      || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(TYPE_PREFIX + "http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> validationFailed(List<InvalidField> errors) {
        ProblemDetail problem = detail(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", errors.stream()
                .map(error -> Map.of("field", error.field(), "message", error.message()))
                .toList());
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).body(detail(status, type, title, detail));
    }

    private static ProblemDetail detail(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }
}
