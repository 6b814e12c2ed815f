package dev.prefs.query.preferences;

import java.util.List;

/** One page of the list; {@code next} is the {@code after} cursor of the next page, null on the last one. */
record PreferencesPage(List<PreferencesResponse> items, String next) {
}
