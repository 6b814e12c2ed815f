package dev.prefs.query.preferences;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.events.Layer;
import dev.prefs.events.NotificationChannels;
import dev.prefs.query.timeline.LayersAt;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's preferences as the query API answers them. {@code notifications} is left out while version 1 of the
 * userpreferences projection serves reads (after a rollback): that version knows only the switch.
 */
@Schema(name = "Preferences", description = "A user's preferences. notifications is left out while reads are served "
        + "by a projection version that predates channels (after a rollback).", requiredProperties = {"userId", "theme", "language",
        "notificationsEnabled", "createdAt", "updatedAt", "version"})
public record PreferencesResponse(@Schema(example = "alice") String userId,
                           @Schema(description = "The user's tenant, or null (always null while a version that "
                                                 + "predates tenants serves reads)", example = "acme",
                                   nullable = true) String tenantId,
                           @Schema(allowableValues = {"dark", "light", "system"}, example = "light") String theme,
                           @Schema(description = "A BCP 47 language tag in canonical form", example = "pt-BR")
                           String language,
                           @Schema(description = "True when any channel is on") boolean notificationsEnabled,
                           @JsonInclude(JsonInclude.Include.NON_NULL) NotificationChannels notifications,
                           Instant createdAt, Instant updatedAt,
                           @Schema(description = "The preferences' event count; the ETag", minimum = "1",
                                   example = "3") long version,
                           @Schema(description = "Per field (theme, language, notifications.email, "
                                                 + "notifications.push, notifications.sms), the layer its value "
                                                 + "comes from; left out while a version that predates tenants "
                                                 + "serves reads", example = "{\"theme\": \"user\", "
                                                 + "\"language\": \"tenant\", \"notifications.email\": "
                                                 + "\"tenant-enforced\", \"notifications.push\": \"system\", "
                                                 + "\"notifications.sms\": \"system\"}")
                           @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Layer> sources) {

    /**
     * The answer of GET for an existing user whose layers are {@code layers} (folded from the events, as asOf
     * answers); for the export of a user's data.
     */
    public static PreferencesResponse folded(LayersAt layers) {
        if (!layers.user().exists()) {
            throw new IllegalArgumentException("No preferences for user " + layers.user().userId());
        }
        return of(CurrentPreferences.folded(layers));
    }

    static PreferencesResponse of(CurrentPreferences current) {
        UserPreferencesView view = current.view();
        Map<String, Layer> sources = null;
        if (current.sources() != null) {
            sources = new LinkedHashMap<>();
            for (var entry : current.sources().entrySet()) {
                sources.put(entry.getKey().wire(), entry.getValue());
            }
        }
        return new PreferencesResponse(view.userId(), current.tenantId(), view.theme(), view.language(),
                view.notificationsEnabled(), view.notifications(), view.createdAt(), view.updatedAt(),
                view.version(), sources);
    }
}
