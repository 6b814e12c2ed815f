package dev.prefs.command.preferences;

/** The user has no preferences: never created, or deleted. */
class PreferencesNotFoundException extends RuntimeException {

    PreferencesNotFoundException(String userId) {
        super("User " + userId + " has no preferences (never created, or deleted); create them with POST");
    }
}
