package dev.prefs.query.preferences;

import dev.prefs.query.layers.LayerRow;
import dev.prefs.query.layers.Layers;
import dev.prefs.query.projection.Build;
import java.util.List;
import java.util.Optional;

/**
 * What the queries read from the live build of userpreferences, whichever version it is: versions 1 and 2 keep
 * release 2's meaning (no layers, no tenants), version 3 resolves the layers at read time.
 */
interface UserPreferencesReadModel {

    /** The user's preferences, tombstone included. */
    Optional<CurrentPreferences> find(Build<?> build, String userId);

    /** Up to {@code limit} existing users after {@code after}, ordered by user id. */
    List<CurrentPreferences> page(Build<?> build, PreferencesFilter filter, String after, int limit);

    /** The layers the build keeps, or empty for a version that keeps none. */
    Optional<Layers> layers(Build<?> build);

    /**
     * Up to {@code limit} tenant layers after tenant id {@code after}, ordered by tenant id, each with its count of
     * existing users (counted set-wise, one query for the page); none for a version that keeps no layers.
     */
    default List<TenantUsers> tenants(Build<?> build, String after, int limit) {
        return List.of();
    }

    /** A tenant's layer and its existing users. */
    record TenantUsers(LayerRow layer, long users) {
    }

    /** The existing users of {@code tenantId} (null: every existing user). */
    long users(Build<?> build, String tenantId);

    /** Whose effective values {@code changed} (a layer's state after a change) would move; nobody's without layers. */
    DefaultsPreview preview(Build<?> build, LayerRow changed);

    /** {@code live}'s version object: the live build of userpreferences is always one of these. */
    static UserPreferencesReadModel of(Build<?> live) {
        if (live.version() instanceof UserPreferencesReadModel model) {
            return model;
        }
        throw new IllegalStateException(live.version() + " is not a userpreferences version");
    }
}
