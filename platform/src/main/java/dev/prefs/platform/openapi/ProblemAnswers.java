package dev.prefs.platform.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.web.method.HandlerMethod;

/**
 * Turns each {@link Problem} of a handler method, on it or on an annotation of its, into a problem+json answer of its
 * operation.
 */
final class ProblemAnswers implements GlobalOperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        Map<Integer, String> answers = new LinkedHashMap<>();
        Set<Integer> retryAfter = new HashSet<>();
        MergedAnnotations.from(handlerMethod.getMethod(), MergedAnnotations.SearchStrategy.DIRECT)
                .stream(Problem.class)
                .map(MergedAnnotation::synthesize)
                .forEach(problem -> {
                    answers.merge(problem.status(), problem.when().isEmpty()
                            ? PrefsDocument.usualMeaning(problem.status()) : problem.when(),
                            (first, second) -> first + "; or " + Character.toLowerCase(second.charAt(0))
                                               + second.substring(1));
                    if (problem.retryAfter()) {
                        retryAfter.add(problem.status());
                    }
                });
        if (answers.isEmpty()) {
            return operation;
        }
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        answers.forEach((status, description) -> operation.getResponses().addApiResponse(String.valueOf(status),
                PrefsDocument.problem(status, description, retryAfter.contains(status))));
        return operation;
    }
}
