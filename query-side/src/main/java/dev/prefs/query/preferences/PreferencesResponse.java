package dev.prefs.query.preferences;

import java.time.Instant;

/** A user's preferences as the query API answers them. */
record PreferencesResponse(String userId, String theme, String language, boolean notificationsEnabled,
                           Instant createdAt, Instant updatedAt, long version) {

    static PreferencesResponse of(UserPreferencesView view) {
        return new PreferencesResponse(view.userId(), view.theme(), view.language(), view.notificationsEnabled(),
                view.createdAt(), view.updatedAt(), view.version());
    }
}
