package dev.prefs.query.preferences;

import dev.prefs.events.Layer;
import dev.prefs.events.PreferenceField;
import java.util.Map;

/**
 * A user's preferences as the live read model answers them now: {@code view} holds the effective values, {@code
 * sources} where each field's value comes from (null where the live version keeps no layers: versions 1 and 2,
 * after a rollback), and the versions the ETag is made of.
 */
record CurrentPreferences(UserPreferencesView view, String tenantId, Map<PreferenceField, Layer> sources,
                          long tenantLayerVersion, long systemLayerVersion, int readModelVersion) {

    /** {@code "<user>.<tenant layer>.<system layer>.<read model>"}: changes whenever the representation does. */
    String eTag() {
        return "\"" + view.version() + "." + tenantLayerVersion + "." + systemLayerVersion + "." + readModelVersion
               + "\"";
    }
}
