package dev.prefs.query.preferences;

import java.util.Optional;

/** The list's filters; an empty one does not filter. Values are already validated and canonical. */
record PreferencesFilter(Optional<String> theme, Optional<String> language, Optional<Boolean> notificationsEnabled) {
}
