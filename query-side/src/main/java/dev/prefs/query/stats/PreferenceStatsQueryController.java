package dev.prefs.query.stats;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.LiveProjections;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/preferences/stats}, from the counters of the live preferencestats build. */
@RestController
class PreferenceStatsQueryController {

    private final LiveProjections liveProjections;

    PreferenceStatsQueryController(LiveProjections liveProjections) {
        this.liveProjections = liveProjections;
    }

    @GetMapping("/api/preferences/stats")
    PreferenceStats stats() {
        Build<?> live = liveProjections.liveBuild(PreferenceStatsVersion.NAME);
        return PreferenceStatsVersion.of(live).stats(live);
    }
}
