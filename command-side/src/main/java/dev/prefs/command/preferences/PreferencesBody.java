package dev.prefs.command.preferences;

/**
 * The fields of a create or merge-patch body: null (or {@link NotificationsChange#NONE}) where the body left the
 * field out. A JSON {@code null} has already become the field's default. {@code canonical} is the body as sorted,
 * compact JSON: what makes two requests "the same" for an Idempotency-Key.
 */
record PreferencesBody(String theme, String language, NotificationsChange notifications, String canonical) {

    static final PreferencesBody EMPTY = new PreferencesBody(null, null, NotificationsChange.NONE, "{}");
}
