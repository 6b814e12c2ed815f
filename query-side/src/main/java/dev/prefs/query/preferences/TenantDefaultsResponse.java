package dev.prefs.query.preferences;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.events.ChannelChoices;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceValues;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A defaults layer as its GET answers it: a tenant's ({@code tenantId}, only the fields it sets in {@code defaults},
 * {@code enforced}, and {@code effective}: the values its users inherit, resolved against the system layer) or the
 * system's ({@code defaults}: every field; no tenantId, enforced or effective). {@code users}: the existing users it
 * reaches; {@code version}: the layer's event count (0: never changed), the ETag.
 */
@Schema(name = "Defaults", requiredProperties = {"defaults", "users", "version"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record TenantDefaultsResponse(@Schema(example = "acme") String tenantId,
                              @Schema(description = "The values the layer sets: theme, language, notifications "
                                                    + "(an object of the channels it sets)",
                                      example = "{\"theme\": \"light\", \"notifications\": {\"sms\": true}}")
                              LayerValues defaults,
                              @Schema(description = "The fields the tenant enforces (wire names)",
                                      example = "[\"theme\"]") List<String> enforced,
                              @Schema(description = "What a user of the tenant with no explicit value gets",
                                      example = "{\"theme\": \"light\", \"language\": \"en\", "
                                                + "\"notificationsEnabled\": true, \"notifications\": "
                                                + "{\"email\": true, \"push\": true, \"sms\": true}}")
                              LayerValues effective,
                              @Schema(description = "How many existing users the layer reaches") long users,
                              @Schema(description = "The layer's event count (0: never changed); the ETag")
                              long version) {

    static TenantDefaultsResponse tenant(String tenantId, PreferenceValues defaults, List<String> enforced,
                                         PreferenceValues effective, long users, long version) {
        return new TenantDefaultsResponse(tenantId, values(defaults, false), enforced, values(effective, true), users,
                version);
    }

    static TenantDefaultsResponse system(PreferenceValues defaults, long users, long version) {
        return new TenantDefaultsResponse(null, values(defaults, true), null, null, users, version);
    }

    /**
     * The fields set, notifications as an object of the channels set; {@code enabled}: with notificationsEnabled
     * (for values that set every channel).
     */
    static LayerValues values(PreferenceValues values, boolean enabled) {
        ChannelChoices channels = values.notifications();
        Boolean anyOn = enabled && channels.choosesAll()
                ? channels.over(NotificationChannels.DEFAULT).anyOn() : null;
        return new LayerValues(values.theme(), values.language(), anyOn,
                channels.choosesNothing() ? null : new Channels(channels.email(), channels.push(), channels.sms()));
    }

    /** A layer's values: only those set (the others are left out). */
    @Schema(name = "DefaultsValues")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LayerValues(@Schema(allowableValues = {"dark", "light", "system"}, example = "light") String theme,
                       @Schema(description = "A BCP 47 language tag in canonical form", example = "de")
                       String language,
                       @Schema(description = "True when any channel is on (where every channel is known)")
                       Boolean notificationsEnabled,
                       Channels notifications) {
    }

    /** The channels a layer sets. */
    @Schema(name = "DefaultsChannels")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Channels(Boolean email, Boolean push, Boolean sms) {
    }
}
