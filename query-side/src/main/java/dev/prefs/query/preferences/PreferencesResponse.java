package dev.prefs.query.preferences;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.events.NotificationChannels;
import java.time.Instant;

/**
 * A user's preferences as the query API answers them. {@code notifications} is left out while version 1 of the
 * userpreferences projection serves reads (after a rollback): that version knows only the switch.
 */
record PreferencesResponse(String userId, String theme, String language, boolean notificationsEnabled,
                           @JsonInclude(JsonInclude.Include.NON_NULL) NotificationChannels notifications,
                           Instant createdAt, Instant updatedAt, long version) {

    static PreferencesResponse of(UserPreferencesView view) {
        return new PreferencesResponse(view.userId(), view.theme(), view.language(), view.notificationsEnabled(),
                view.notifications(), view.createdAt(), view.updatedAt(), view.version());
    }
}
