package dev.prefs.command.preferences;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of a create or a change, as the OpenAPI document shows it. The controller reads bodies itself
 * ({@link PreferencesBodyReader}: size limit, unknown and duplicate fields, merge-patch nulls), so this record only
 * documents the shape.
 */
@Schema(name = "PreferencesRequest", description = "The user's explicit values to set. A field left out stays as it "
        + "is (on create: inherits) and a field set to null holds no explicit value, so it inherits from the user's "
        + "tenant and the system defaults; unknown fields are refused. Send either notifications or "
        + "notificationsEnabled, not both.",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record PreferencesRequest(
        @Schema(description = "The colour scheme; null inherits", allowableValues = {"dark", "light", "system"},
                example = "light", nullable = true)
        String theme,
        @Schema(description = "A BCP 47 language tag, stored in canonical form; null inherits", example = "pt-BR",
                nullable = true)
        String language,
        @Schema(description = "The notification channels; any subset (merge patch), null: every channel inherits",
                nullable = true)
        NotificationsRequest notifications,
        @Schema(description = "The switch of release 1: false turns every channel off, true turns email and push on "
                + "and leaves sms as it is (all explicit); null: every channel inherits", example = "false",
                nullable = true)
        Boolean notificationsEnabled,
        @Schema(description = "The user's tenant. On create: defaults to the token's tenant claim, and only an admin "
                + "may name another. On PATCH: admins only, it moves the user; null: no tenant", example = "acme",
                pattern = "^[A-Za-z0-9._:@-]{1,128}$", nullable = true)
        String tenantId) {

    @Schema(name = "NotificationChannelsPatch", description = "Where notifications go; a channel left out stays as "
            + "it is", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record NotificationsRequest(
            @Schema(description = "By email; null inherits", nullable = true) Boolean email,
            @Schema(description = "By push notification; null inherits", nullable = true) Boolean push,
            @Schema(description = "By SMS; null inherits", nullable = true) Boolean sms) {
    }
}
