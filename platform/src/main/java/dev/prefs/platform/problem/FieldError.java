package dev.prefs.platform.problem;

import java.util.List;
import org.springframework.http.ProblemDetail;

/**
 * One rule a request broke: the field (a JSON property, a path variable, a query parameter or a header) and what it
 * must be. {@link #validationFailed} is the one shape of a validation answer on every side.
 */
public record FieldError(String field, String message) {

    /** {@code validation-failed}: the detail names the field (or how many broke), {@code errors} lists each. */
    public static ProblemDetail validationFailed(List<FieldError> errors) {
        ProblemDetail problem = ProblemType.VALIDATION_FAILED.problem(
                errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }
}
