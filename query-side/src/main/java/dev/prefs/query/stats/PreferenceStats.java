package dev.prefs.query.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The body of {@code GET /api/preferences/stats}: counts over the users whose preferences exist.
 * {@code notifications} counts the users with each channel on; it is left out while version 1 serves (a rollback),
 * which counts only the switch.
 */
@Schema(requiredProperties = {"total", "byTheme", "byLanguage", "notificationsEnabled"})
record PreferenceStats(long total, Map<String, Long> byTheme, Map<String, Long> byLanguage,
                       long notificationsEnabled,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> notifications) {
}
