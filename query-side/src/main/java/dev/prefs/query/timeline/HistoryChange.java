package dev.prefs.query.timeline;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * One event in a history (a user's, a tenant's defaults', the system's): the version it made, its type
 * ({@code ThemeChanged}), when, which fields it changed, who asked for it ({@code sub} of the event's metadata) and
 * its correlation id.
 */
@Schema(name = "Change")
public record HistoryChange(@Schema(minimum = "1") long version, @Schema(example = "ThemeChanged") String type,
                            Instant at, Map<String, FieldChange> changes,
                            @Schema(description = "The sub of whoever asked for it", nullable = true) String by,
                            @Schema(nullable = true) String correlationId) {

    /** A field's value before and after: a string, a boolean or a list of fields; null where there was none. */
    @Schema(description = "A field's value before and after: a string, a boolean or a list of fields; null where "
                          + "there was none (no explicit value: inherit; or no preferences)")
    public record FieldChange(@Schema(ref = "#/components/schemas/JsonValue") Object from,
                              @Schema(ref = "#/components/schemas/JsonValue") Object to) {
    }
}
