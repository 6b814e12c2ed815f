package dev.prefs.command.preferences;

/** Create was asked for preferences that exist (and are not deleted). */
class PreferencesAlreadyExistException extends RuntimeException {

    PreferencesAlreadyExistException(String userId) {
        super("User " + userId + " already has preferences; change them with PATCH");
    }
}
