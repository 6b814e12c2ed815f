package dev.prefs.command.preferences;

/**
 * The fields of a create or merge-patch body: {@code values} the value fields it names (a JSON {@code null} there
 * means "no explicit value"); {@code tenantGiven} whether it named {@code tenantId} (null: none). {@code canonical}
 * is the body as sorted, compact JSON: what makes two requests "the same" for an Idempotency-Key.
 */
record PreferencesBody(ValuesChange values, boolean tenantGiven, String tenantId, String canonical) {

    static final PreferencesBody EMPTY = new PreferencesBody(ValuesChange.NONE, false, null, "{}");
}
