package dev.prefs.query.preferences;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.events.NotificationChannels;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

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
                                   example = "3") long version) {

    static PreferencesResponse of(UserPreferencesView view) {
        return new PreferencesResponse(view.userId(), view.theme(), view.language(), view.notificationsEnabled(),
                view.notifications(), view.createdAt(), view.updatedAt(), view.version());
    }
}
