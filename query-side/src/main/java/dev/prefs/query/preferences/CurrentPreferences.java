package dev.prefs.query.preferences;

import dev.prefs.events.Layer;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.query.projection.ProjectedEvent;
import dev.prefs.query.timeline.LayersAt;
import dev.prefs.query.timeline.UserLayer;
import java.util.EnumMap;
import java.util.Map;

/**
 * A user's preferences as the live read model answers them now: {@code view} holds the effective values, {@code
 * sources} where each field's value comes from (null where the live version keeps no layers: versions 1 and 2,
 * after a rollback), and the versions the ETag is made of.
 */
record CurrentPreferences(UserPreferencesView view, String tenantId, Map<PreferenceField, Layer> sources,
                          long tenantLayerVersion, long systemLayerVersion, int readModelVersion) {

    /**
     * The preferences of an existing user as {@code layers} resolve them, folded from the events (no read model
     * served them: {@link LayeredPreferences#NO_READ_MODEL}).
     */
    static CurrentPreferences folded(LayersAt layers) {
        UserLayer user = layers.user();
        PreferenceValues effective = layers.effective();
        NotificationChannels channels = effective.notifications().over(NotificationChannels.DEFAULT);
        UserPreferencesView view = new UserPreferencesView(ProjectedEvent.NO_GLOBAL_INDEX, user.userId(),
                effective.theme(), effective.language(), channels.anyOn(), channels, user.createdAt(),
                user.updatedAt(), user.version(), false);
        Map<PreferenceField, Layer> sources = new EnumMap<>(PreferenceField.class);
        layers.resolved().forEach((field, resolved) -> sources.put(field, resolved.source()));
        return new CurrentPreferences(view, user.tenantId(), sources, layers.tenant().version(),
                layers.system().version(), LayeredPreferences.NO_READ_MODEL);
    }

    /** {@code "<user>.<tenant layer>.<system layer>.<read model>"}: changes whenever the representation does. */
    String eTag() {
        return "\"" + view.version() + "." + tenantLayerVersion + "." + systemLayerVersion + "." + readModelVersion
               + "\"";
    }
}
