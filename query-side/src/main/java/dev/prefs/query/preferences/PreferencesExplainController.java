package dev.prefs.query.preferences;

import dev.prefs.events.UserId;
import dev.prefs.platform.openapi.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/users/{userId}/preferences/explain}: where each effective value comes from, from the events. */
@RestController
@Tag(name = "Preferences")
class PreferencesExplainController {

    private final LayeredPreferences layered;

    PreferencesExplainController(LayeredPreferences layered) {
        this.layered = layered;
    }

    @GetMapping("/api/users/{userId}/preferences/explain")
    @Operation(operationId = "explainPreferences", summary = "Explain where each of a user's effective values comes "
                                                             + "from",
            description = "Per field: the winning layer, the event that set its value and every layer's value it "
                          + "hides, folded from the events; every layer as it stood at asOf (default: now).")
    @ApiResponse(responseCode = "200", description = "The explanation")
    @Problem(status = 400, when = "Invalid user id or asOf")
    @Problem(status = 403, when = "A tenant admin asking about a user of another tenant (or of none)")
    @Problem(status = 404, when = "No preferences (never created, or deleted; with asOf: none at that instant)")
    @Problem(status = 410, when = "The user was erased (and not created again)")
    Explanation explain(@PathVariable String userId,
                        @Parameter(description = "Explain the preferences as they stood at this instant",
                                example = "2026-11-30T02:12:26Z", schema = @Schema(type = "string",
                                format = "date-time"))
                        @RequestParam(required = false) String asOf) {
        UserId.require(userId);
        return layered.explain(userId, QueryParameters.asOf(asOf).orElse(null));
    }
}
