package dev.prefs.query.stats;

import dev.prefs.events.TenantId;
import dev.prefs.platform.openapi.Problem;
import dev.prefs.query.CallerAccess;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.LiveProjections;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/preferences/stats}, from the counters of the live preferencestats build. */
@RestController
@Tag(name = "Preferences")
class PreferenceStatsQueryController {

    private final LiveProjections liveProjections;

    PreferenceStatsQueryController(LiveProjections liveProjections) {
        this.liveProjections = liveProjections;
    }

    @GetMapping("/api/preferences/stats")
    @Operation(operationId = "getPreferenceStats", summary = "Count users by effective theme, language and "
                                                             + "notifications (admins; tenant admins their own "
                                                             + "tenant)")
    @ApiResponse(responseCode = "200", description = "The counts")
    @Problem(status = 400, when = "Invalid tenantId")
    PreferenceStats stats(@Parameter(description = "Count only the users of this tenant (a tenant admin: their "
                                                   + "own, also when left out)", example = "acme",
                                  schema = @Schema(type = "string", minLength = 1, maxLength = 128,
                                          pattern = "^[A-Za-z0-9._:@-]{1,128}$"))
                          @RequestParam(required = false) String tenantId) {
        if (tenantId != null) {
            TenantId.require(tenantId);
        }
        String tenant = CallerAccess.tenantScope(CallerAccess.caller(), tenantId);
        Build<?> live = liveProjections.liveBuild(PreferenceStatsVersion.NAME);
        return PreferenceStatsReadModel.of(live).stats(live, tenant);
    }
}
