package dev.prefs.query.personaldata;

import dev.prefs.platform.problem.ProblemType;
import org.springframework.web.ErrorResponseException;

/** The user's personal data was erased (and the user id not created again): 410 {@code erased}. */
final class PersonalDataGoneException extends ErrorResponseException {

    PersonalDataGoneException(String userId) {
        super(ProblemType.ERASED.status(), ProblemType.ERASED.problem("The personal data of user " + userId
                + " was erased: nothing about them is kept"), null);
    }
}
