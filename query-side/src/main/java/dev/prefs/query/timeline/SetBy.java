package dev.prefs.query.timeline;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The event that gave a layer its value for a field: the layer ({@code user}, {@code tenant}, {@code system}), the
 * layer's id (the user id, the tenant id, {@code system}), the stream's version after that event, its type, when and
 * who asked for it.
 */
@Schema(description = "The event that gave a layer its value for a field; null for a built-in system default, "
                      + "which no event set", nullable = true)
public record SetBy(@Schema(allowableValues = {"user", "tenant", "system"}) String layer,
                    @Schema(description = "The user id, the tenant id, or system", example = "acme") String id,
                    @Schema(description = "The layer's version after the event", minimum = "1") long version,
                    @Schema(example = "TenantDefaultsChanged") String type, Instant at,
                    @Schema(description = "The sub of whoever asked for it", nullable = true) String by) {

    static SetBy of(String layer, String id, RecordedEvent event) {
        return event == null ? null
                : new SetBy(layer, id, event.version(), event.type(), event.at(), event.by());
    }
}
