package dev.prefs.query;

import dev.prefs.events.InvalidValueException;
import dev.prefs.platform.problem.DatabaseUnavailable;
import dev.prefs.platform.problem.FieldError;
import dev.prefs.platform.problem.FrameworkProblems;
import dev.prefs.platform.problem.ProblemType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The one place where the query side's failures become RFC 9457 problem details ({@code application/problem+json}),
 * with the types of {@link ProblemType}: invalid values are 400 with {@code errors}, exceptions that carry their own
 * problem (404, 503) keep it, Spring MVC's own get the type their status stands for, anything else is a 500 that
 * says nothing about the internals.
 */
@RestControllerAdvice(basePackages = "dev.prefs.query")
class QueryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemHandler.class);

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalidValue(InvalidValueException e) {
        ProblemDetail problem = FieldError.validationFailed(List.of(new FieldError(e.field(), e.getMessage())));
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(CallerAccess.Forbidden.class)
    ResponseEntity<ProblemDetail> forbidden(CallerAccess.Forbidden e) {
        return ResponseEntity.status(403).body(ProblemType.FORBIDDEN.problem(e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadableBody(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(ProblemType.MALFORMED_REQUEST.problem(
                "The body is not valid JSON of the expected shape"));
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
                // Spring MVC's own (415, 405, 406, a missing parameter): the type its status stands for.
                problem = FrameworkProblems.problem(response);
            }
            return ResponseEntity.status(problem.getStatus()).headers(FrameworkProblems.headers(response))
                    .body(problem);
        }
        if (DatabaseUnavailable.causes(e)) {
            log.warn("Query refused: the database is unavailable ({})", e.toString());
            return DatabaseUnavailable.answer("The database cannot be reached; try again");
        }
        log.error("Query failed", e);
        return ResponseEntity.internalServerError().body(ProblemType.INTERNAL_ERROR.problem(
                "The query could not be answered; the error is logged"));
    }
}
