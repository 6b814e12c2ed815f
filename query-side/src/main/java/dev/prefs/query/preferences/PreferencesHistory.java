package dev.prefs.query.preferences;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /api/users/{userId}/preferences/history}. */
record PreferencesHistory(String userId, List<Change> changes) {

    /**
     * One event: the version it made, its type ({@code ThemeChanged}), when, which visible fields it changed, who
     * asked for it ({@code sub} of the event's metadata) and its correlation id.
     */
    record Change(@Schema(minimum = "1") long version, @Schema(example = "ThemeChanged") String type, Instant at,
                  Map<String, FieldChange> changes,
                  @Schema(description = "The sub of whoever asked for it", nullable = true) String by,
                  @Schema(nullable = true) String correlationId) {
    }

    /** A field's value before and after: a string, a boolean or the channels; null where there was none. */
    @Schema(description = "A field's value before and after: a string, a boolean or the notification channels; "
                          + "null where there was none")
    record FieldChange(@Schema(ref = "#/components/schemas/JsonValue") Object from,
                       @Schema(ref = "#/components/schemas/JsonValue") Object to) {
    }
}
