package dev.prefs.command.preferences;

/** The answer body of a successful create, change or reset. */
record PreferencesVersion(String userId, long version) {
}
