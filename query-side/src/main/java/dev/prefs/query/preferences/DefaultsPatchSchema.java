package dev.prefs.query.preferences;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The documented shape of a preview's body (the merge patch of a layer, as its PATCH takes it). Only the OpenAPI
 * document uses these records: {@link DefaultsPatchReader} reads the body as a tree, so that null can be told from
 * left out.
 */
final class DefaultsPatchSchema {

    private DefaultsPatchSchema() {
    }

    @Schema(name = "TenantDefaultsPreviewBody", description = "A merge patch of a tenant's defaults: a field left out "
            + "stays, null removes the tenant's default (its users inherit the system's)")
    record Tenant(@Schema(allowableValues = {"dark", "light", "system"}, nullable = true, example = "light")
                  String theme,
                  @Schema(description = "A BCP 47 language tag", nullable = true, example = "pt-BR") String language,
                  @Schema(nullable = true) Channels notifications,
                  @Schema(description = "Field (theme, language, notifications.email, notifications.push, "
                                        + "notifications.sms): true to enforce, false to stop",
                          example = "{\"theme\": true}", nullable = true) Map<String, Boolean> enforced) {
    }

    @Schema(name = "SystemDefaultsPreviewBody", description = "A merge patch of the system defaults: a field left out "
            + "stays, null returns it to the built-in value")
    record System(@Schema(allowableValues = {"dark", "light", "system"}, nullable = true, example = "light")
                  String theme,
                  @Schema(description = "A BCP 47 language tag", nullable = true, example = "pt-BR") String language,
                  @Schema(nullable = true) Channels notifications) {
    }

    @Schema(name = "DefaultsChannelsPatch", description = "The channels to change; a channel left out stays")
    record Channels(@Schema(nullable = true) Boolean email, @Schema(nullable = true) Boolean push,
                    @Schema(nullable = true) Boolean sms) {
    }
}
