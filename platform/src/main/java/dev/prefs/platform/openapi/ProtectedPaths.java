package dev.prefs.platform.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * What every operation under {@code /api/} and {@code /admin/} shares: the bearer token, 401 and 403 as the security
 * configuration decides them, 400 for a request line or header the server cannot read, 406 for an Accept header it
 * cannot answer, and 503 while the database (or a readable build) cannot be reached. Also gives the path and header
 * parameters that recur (userId, If-Match, If-None-Match, Idempotency-Key) one definition, and lists each
 * operation's answers in status order.
 */
final class ProtectedPaths implements GlobalOpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (path.startsWith("/api/") || path.startsWith("/admin/")) {
                protect(operation);
            }
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(PrefsDocument::describe);
            }
            sortAnswers(operation);
        }));
    }

    private static void protect(Operation operation) {
        operation.addSecurityItem(new SecurityRequirement().addList(PrefsDocument.BEARER_JWT));
        ApiResponses responses = operation.getResponses();
        for (int status : new int[] {400, 401, 403, 406, 503}) {
            ApiResponse own = responses.get(String.valueOf(status));
            String usual = PrefsDocument.usualMeaning(status);
            if (own == null) {
                responses.addApiResponse(String.valueOf(status), PrefsDocument.problem(status, usual));
            } else {
                own.setDescription(own.getDescription() + "; or " + Character.toLowerCase(usual.charAt(0))
                                   + usual.substring(1));
            }
        }
    }

    private static void sortAnswers(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        Map<String, ApiResponse> sorted = new TreeMap<>(Comparator.naturalOrder());
        sorted.putAll(operation.getResponses());
        // springdoc gives a header reference a style; OpenAPI 3.0 allows nothing beside a $ref.
        sorted.values().stream().filter(answer -> answer.getHeaders() != null)
                .flatMap(answer -> answer.getHeaders().values().stream())
                .filter(header -> header.get$ref() != null)
                .forEach(header -> header.setStyle(null));
        ApiResponses responses = new ApiResponses();
        responses.putAll(sorted);
        responses.setExtensions(operation.getResponses().getExtensions());
        operation.setResponses(responses);
    }
}
