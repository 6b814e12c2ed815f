package dev.prefs.query.preferences;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
                              Map<String, Object> defaults,
                              @Schema(description = "The fields the tenant enforces (wire names)",
                                      example = "[\"theme\"]") List<String> enforced,
                              @Schema(description = "What a user of the tenant with no explicit value gets",
                                      example = "{\"theme\": \"light\", \"language\": \"en\", "
                                                + "\"notificationsEnabled\": true, \"notifications\": "
                                                + "{\"email\": true, \"push\": true, \"sms\": true}}")
                              Map<String, Object> effective,
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
    static Map<String, Object> values(PreferenceValues values, boolean enabled) {
        Map<String, Object> answer = new LinkedHashMap<>();
        if (values.theme() != null) {
            answer.put("theme", values.theme());
        }
        if (values.language() != null) {
            answer.put("language", values.language());
        }
        if (enabled && values.notifications().choosesAll()) {
            answer.put("notificationsEnabled", values.notifications().over(NotificationChannels.DEFAULT).anyOn());
        }
        Map<String, Object> channels = new LinkedHashMap<>();
        for (PreferenceField field : List.of(PreferenceField.EMAIL, PreferenceField.PUSH, PreferenceField.SMS)) {
            Object value = values.get(field);
            if (value != null) {
                channels.put(field.wire().substring("notifications.".length()), value);
            }
        }
        if (!channels.isEmpty()) {
            answer.put("notifications", channels);
        }
        return answer;
    }
}
