package dev.prefs.query.preferences;

import java.util.Optional;

/**
 * The list's filters; an empty one does not filter. Values are already validated and canonical. Theme, language and
 * notificationsEnabled filter on effective values.
 */
record PreferencesFilter(Optional<String> tenantId, Optional<String> theme, Optional<String> language,
                         Optional<Boolean> notificationsEnabled) {
}
