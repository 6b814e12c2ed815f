package dev.prefs.command.defaults;

import dev.prefs.command.preferences.PreferencesRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The bodies of the layers' merge patches, as the OpenAPI document shows them. {@link DefaultsBodyReader} reads the
 * bodies itself, so these records only document the shapes.
 */
final class DefaultsPatch {

    private DefaultsPatch() {
    }

    @Schema(name = "TenantDefaultsPatch", description = "A merge patch of a tenant's defaults: a field left out "
            + "stays, a field set to null has no tenant default any more (its users inherit the system's); unknown "
            + "fields are refused. An enforced field needs a default.",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Tenant(
            @Schema(description = "The tenant's default theme; null: none", allowableValues = {"dark", "light",
                    "system"}, example = "light", nullable = true) String theme,
            @Schema(description = "The tenant's default language, a BCP 47 tag; null: none", example = "de",
                    nullable = true) String language,
            @Schema(description = "The tenant's default channels; any subset, null: none", nullable = true)
            PreferencesRequest.NotificationsRequest notifications,
            @Schema(description = "Fields (theme, language, notifications.email, notifications.push, "
                    + "notifications.sms) to start (true) or stop (false or null) enforcing over the users' own "
                    + "values", example = "{\"theme\": true}", nullable = true) Map<String, Boolean> enforced) {
    }

    @Schema(name = "SystemDefaultsPatch", description = "A merge patch of the system defaults: a field left out "
            + "stays, a field set to null returns to its built-in value (dark, en, email and push on, sms off); "
            + "unknown fields are refused.", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record System(
            @Schema(description = "The default theme; null: built-in", allowableValues = {"dark", "light", "system"},
                    example = "system", nullable = true) String theme,
            @Schema(description = "The default language, a BCP 47 tag; null: built-in", example = "en-GB",
                    nullable = true) String language,
            @Schema(description = "The default channels; any subset, null: built-in", nullable = true)
            PreferencesRequest.NotificationsRequest notifications) {
    }
}
