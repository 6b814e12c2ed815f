package dev.prefs.command.preferences;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of a create or a change, as the OpenAPI document shows it. The controller reads bodies itself
 * ({@link PreferencesBodyReader}: size limit, unknown and duplicate fields, merge-patch nulls), so this record only
 * documents the shape.
 */
@Schema(name = "PreferencesRequest", description = "Preferences to set. On PATCH (JSON Merge Patch) a field left out "
        + "stays as it is and a field set to null returns to its default; unknown fields are refused. Send either "
        + "notifications or notificationsEnabled, not both.",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record PreferencesRequest(
        @Schema(description = "The colour scheme", allowableValues = {"dark", "light", "system"}, example = "light",
                defaultValue = "dark", nullable = true)
        String theme,
        @Schema(description = "A BCP 47 language tag in canonical form", example = "pt-BR", defaultValue = "en",
                nullable = true)
        String language,
        @Schema(description = "The notification channels; any subset (merge patch), null for the defaults",
                nullable = true)
        NotificationsRequest notifications,
        @Schema(description = "The switch of release 1: false turns every channel off, true turns email and push on "
                + "and leaves sms as it is; null returns every channel to its default", example = "false",
                nullable = true)
        Boolean notificationsEnabled) {

    @Schema(name = "NotificationChannelsPatch", description = "Where notifications go; a channel left out stays as "
            + "it is", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record NotificationsRequest(
            @Schema(description = "By email", defaultValue = "true", nullable = true) Boolean email,
            @Schema(description = "By push notification", defaultValue = "true", nullable = true) Boolean push,
            @Schema(description = "By SMS", defaultValue = "false", nullable = true) Boolean sms) {
    }
}
