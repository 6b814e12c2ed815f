package dev.prefs.query.preferences;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /api/users/{userId}/preferences/history}. */
record PreferencesHistory(String userId, List<Change> changes) {

    /**
     * One event: the version it made, its type ({@code ThemeChanged}), when, which visible fields it changed, who
     * asked for it ({@code sub} of the event's metadata) and its correlation id.
     */
    record Change(long version, String type, Instant at, Map<String, FieldChange> changes, String by,
                  String correlationId) {
    }

    record FieldChange(Object from, Object to) {
    }
}
