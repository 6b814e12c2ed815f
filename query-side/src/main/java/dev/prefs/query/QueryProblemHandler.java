package dev.prefs.query;

import dev.prefs.events.InvalidValueException;
import dev.prefs.platform.problem.DatabaseUnavailable;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The one place where the query side's failures become RFC 9457 problem details ({@code application/problem+json}):
 * invalid values are 400 with {@code errors}, exceptions that carry their own problem (404, 503, Spring MVC's own)
 * keep it (with a type of ours where Spring leaves it blank), anything else is a 500 that says nothing about the internals.
 */
@RestControllerAdvice(basePackages = "dev.prefs.query")
class QueryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemHandler.class);

    /** The command side's problem types use the same prefix, so clients can tell them apart from HTTP's own. */
    static final String TYPE_PREFIX = "urn:prefs:problem:";

    record FieldError(String field, String message) {
    }

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalidValue(InvalidValueException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.field() + " " + e.getMessage());
        problem.setType(URI.create(TYPE_PREFIX + "invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(new FieldError(e.field(), e.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadableBody(HttpMessageNotReadableException e) {
        return invalidValue(new InvalidValueException("body", "is not valid JSON of the expected shape"));
    }

    /** A path variable or query parameter of the wrong type (a job id that is not a UUID, a version that is text). */
    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(TypeMismatchException e) {
        String name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : e.getPropertyName() != null ? e.getPropertyName() : "parameter";
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return invalidValue(new InvalidValueException(name, "must be a " + switch (type) {
            case "UUID" -> "UUID";
            case "Integer", "int", "Long", "long" -> "whole number";
            default -> type;
        }));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> other(Exception e) {
        if (e instanceof ErrorResponse response) {
            ProblemDetail problem = response.getBody();
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(URI.create(TYPE_PREFIX + "http-" + response.getStatusCode().value()));
            }
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(problem);
        }
        if (DatabaseUnavailable.causes(e)) {
            log.warn("Query refused: the database is unavailable ({})", e.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The database cannot be reached; try again");
            problem.setType(URI.create(TYPE_PREFIX + "database-unavailable"));
            problem.setTitle("Database unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS).body(problem);
        }
        log.error("Query failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The query could not be answered; the error is logged");
        problem.setType(URI.create(TYPE_PREFIX + "internal-error"));
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }
}
