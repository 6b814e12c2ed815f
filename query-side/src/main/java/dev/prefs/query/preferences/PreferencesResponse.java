package dev.prefs.query.preferences;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceValues;
import dev.prefs.query.layers.Layers;
import dev.prefs.query.layers.UserLayer;
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
record PreferencesResponse(@Schema(example = "alice") String userId,
                           @Schema(allowableValues = {"dark", "light", "system"}, example = "light") String theme,
                           @Schema(description = "A BCP 47 language tag in canonical form", example = "pt-BR")
                           String language,
                           @Schema(description = "True when any channel is on") boolean notificationsEnabled,
                           @JsonInclude(JsonInclude.Include.NON_NULL) NotificationChannels notifications,
                           Instant createdAt, Instant updatedAt,
                           @Schema(description = "The preferences' event count; the ETag", minimum = "1",
                                   example = "3") long version,
                           @Schema(description = "The user's tenant", nullable = true, example = "acme")
                           String tenantId,
                           @Schema(description = "Per field (theme, language, notifications.email, "
                                   + "notifications.push, notifications.sms), the layer its value comes from: "
                                   + "tenant-enforced, user, tenant or system")
                           @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> sources) {

    static PreferencesResponse of(UserPreferencesView view) {
        return new PreferencesResponse(view.userId(), view.theme(), view.language(), view.notificationsEnabled(),
                view.notifications(), view.createdAt(), view.updatedAt(), view.version(), null, null);
    }

    /** The preferences as {@code layers} resolve them (asOf: every layer as it stood then). */
    static PreferencesResponse of(Layers layers) {
        UserLayer user = layers.user();
        PreferenceValues effective = layers.effective();
        NotificationChannels channels = effective.notifications().over(NotificationChannels.DEFAULT);
        Map<String, String> sources = new LinkedHashMap<>();
        layers.resolved().forEach((field, resolved) -> sources.put(field.wire(), resolved.source().wire()));
        return new PreferencesResponse(user.userId(), effective.theme(), effective.language(), channels.anyOn(),
                channels, user.createdAt(), user.updatedAt(), user.version(), user.tenantId(), sources);
    }
}
