package dev.prefs.query.stats;

import dev.prefs.events.Theme;
import dev.prefs.query.projection.LiveProjections;
import dev.prefs.query.projection.LiveVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/preferences/stats}, from the live preferencestats version's counters. */
@RestController
@Tag(name = "Preferences")
class PreferenceStatsQueryController {

    private final PreferenceStatsViewRepository repository;
    private final LiveProjections liveProjections;

    PreferenceStatsQueryController(PreferenceStatsViewRepository repository, LiveProjections liveProjections) {
        this.repository = repository;
        this.liveProjections = liveProjections;
    }

    @GetMapping("/api/preferences/stats")
    @Operation(operationId = "getPreferenceStats", summary = "Count users by theme, language and notifications "
                                                             + "(admins only)")
    @ApiResponse(responseCode = "200", description = "The counts")
    PreferenceStats stats() {
        LiveVersion live = liveProjections.live(PreferenceStatsProjection.NAME);
        Map<String, Map<String, Long>> counts = repository.counts(live);
        // Every theme is listed, 0 included, since there are only three; languages only where someone uses them.
        Map<String, Long> byTheme = new LinkedHashMap<>();
        Map<String, Long> themes = counts.getOrDefault(PreferenceStatsViewRepository.THEME, Map.of());
        for (Theme theme : Theme.values()) {
            byTheme.put(theme.wire(), themes.getOrDefault(theme.wire(), 0L));
        }
        Map<String, Long> byLanguage = new LinkedHashMap<>();
        counts.getOrDefault(PreferenceStatsViewRepository.LANGUAGE, Map.of()).forEach((language, count) -> {
            if (count > 0) {
                byLanguage.put(language, count);
            }
        });
        return new PreferenceStats(
                counts.getOrDefault(PreferenceStatsViewRepository.TOTAL, Map.of()).getOrDefault("", 0L),
                byTheme, byLanguage,
                counts.getOrDefault(PreferenceStatsViewRepository.NOTIFICATIONS_ENABLED, Map.of())
                      .getOrDefault("true", 0L),
                live.version() >= PreferenceStatsProjection.VERSION_2 ? channels(counts) : null);
    }

    private static Map<String, Long> channels(Map<String, Map<String, Long>> counts) {
        Map<String, Long> channels = counts.getOrDefault(PreferenceStatsViewRepository.NOTIFICATIONS, Map.of());
        Map<String, Long> byChannel = new LinkedHashMap<>();
        for (String channel : new String[] {"email", "push", "sms"}) {
            byChannel.put(channel, channels.getOrDefault(channel, 0L));
        }
        return byChannel;
    }
}
