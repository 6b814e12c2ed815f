package dev.prefs.query.stats;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.LiveProjections;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
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
    @Operation(operationId = "getPreferenceStats", summary = "Count users by theme, language and notifications "
                                                             + "(admins only)")
    @ApiResponse(responseCode = "200", description = "The counts")
    PreferenceStats stats() {
        Build<?> live = liveProjections.liveBuild(PreferenceStatsVersion.NAME);
        return PreferenceStatsVersion.of(live).stats(live);
    }
}
