package dev.prefs.query.deadletters;

import dev.prefs.platform.problem.ProblemType;
import org.springframework.web.ErrorResponseException;

/** No projection build has the processing group a dead-letter request names: 404. */
final class UnknownProcessingGroupException extends ErrorResponseException {

    UnknownProcessingGroupException(String group) {
        super(ProblemType.UNKNOWN_PROCESSING_GROUP.status(),
                ProblemType.UNKNOWN_PROCESSING_GROUP.problem("No projection build has the processing group " + group),
                null);
    }
}
