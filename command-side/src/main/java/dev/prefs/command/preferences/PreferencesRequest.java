package dev.prefs.command.preferences;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of a create or a change, as the OpenAPI document shows it. The controller reads bodies itself
 * ({@link PreferencesBodyReader}: size limit, unknown and duplicate fields, merge-patch nulls), so this record only
 * documents the shape.
 */
@Schema(name = "PreferencesRequest", description = "Preferences to set. On PATCH (JSON Merge Patch) a field left out "
        + "stays as it is and a field set to null returns to its default; unknown fields are refused.")
record PreferencesRequest(
        @Schema(description = "dark, light or system", example = "light", defaultValue = "dark", nullable = true)
        String theme,
        @Schema(description = "A BCP 47 language tag in canonical form", example = "pt-BR", defaultValue = "en",
                nullable = true)
        String language,
        @Schema(description = "Whether notifications are on", example = "false", defaultValue = "true",
                nullable = true)
        Boolean notificationsEnabled) {
}
