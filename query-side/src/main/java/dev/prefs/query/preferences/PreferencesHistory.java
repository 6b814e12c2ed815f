package dev.prefs.query.preferences;

import dev.prefs.query.timeline.HistoryChange;
import java.util.List;

/**
 * The body of {@code GET /api/users/{userId}/preferences/history}: every event of the user's own layer, its explicit
 * values (null: inherit) and its tenant.
 */
record PreferencesHistory(String userId, List<HistoryChange> changes) {
}
