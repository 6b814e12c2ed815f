package dev.prefs.command.preferences;

/** One rule a request broke: the field (a JSON property, {@code userId} or a header) and what it must be. */
record InvalidField(String field, String message) {
}
