package dev.prefs.query.stats;

import java.util.Map;

/** The body of {@code GET /api/preferences/stats}: counts over the users whose preferences exist. */
record PreferenceStats(long total, Map<String, Long> byTheme, Map<String, Long> byLanguage,
                       long notificationsEnabled) {
}
