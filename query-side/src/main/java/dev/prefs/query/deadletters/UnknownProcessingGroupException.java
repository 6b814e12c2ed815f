package dev.prefs.query.deadletters;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No projection build has the processing group a dead-letter request names: 404. */
final class UnknownProcessingGroupException extends ErrorResponseException {

    UnknownProcessingGroupException(String group) {
        super(HttpStatus.NOT_FOUND, problem(group), null);
    }

    private static ProblemDetail problem(String group) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No projection build has the processing group " + group);
        problem.setType(URI.create("urn:prefs:problem:unknown-processing-group"));
        problem.setTitle("Unknown processing group");
        return problem;
    }
}
