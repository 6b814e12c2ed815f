package dev.prefs.query.preferences;

import dev.prefs.events.PreferenceField;
import dev.prefs.query.timeline.LayersAt;
import dev.prefs.query.timeline.SetBy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/users/{userId}/preferences/explain}: per field (by wire name) its effective value,
 * the layer it comes from, the event that set it there and every layer's value it hides.
 */
record Explanation(@Schema(example = "alice") String userId,
                   @Schema(description = "The user's tenant at that instant", nullable = true, example = "acme")
                   String tenantId,
                   @Schema(description = "The instant explained: the one asked for, or the time of the read")
                   Instant asOf,
                   @Schema(description = "theme, language, notifications.email, notifications.push and "
                                         + "notifications.sms") Map<String, Field> fields) {

    /** One field explained; setBy is null for a system value no event set (the built-in defaults). */
    @Schema(name = "ExplainedField")
    record Field(@Schema(ref = "#/components/schemas/JsonValue") Object value,
                 @Schema(allowableValues = {"tenant-enforced", "user", "tenant", "system"}) String source,
                 SetBy setBy,
                 List<Shadowed> shadowed) {
    }

    /** A value the winning layer hides, highest layer first. */
    @Schema(name = "ShadowedValue")
    record Shadowed(@Schema(allowableValues = {"user", "tenant", "system"}) String source,
                    @Schema(ref = "#/components/schemas/JsonValue") Object value,
                    SetBy setBy) {
    }

    static Explanation of(LayersAt layers, Instant asOf) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Map.Entry<PreferenceField, LayersAt.Explained> entry : layers.explain().entrySet()) {
            LayersAt.Explained explained = entry.getValue();
            fields.put(entry.getKey().wire(), new Field(explained.value(), explained.source().wire(),
                    explained.setBy(), explained.shadowed().stream()
                            .map(s -> new Shadowed(s.source().wire(), s.value(), s.setBy())).toList()));
        }
        return new Explanation(layers.user().userId(), layers.user().tenantId(), asOf, fields);
    }
}
