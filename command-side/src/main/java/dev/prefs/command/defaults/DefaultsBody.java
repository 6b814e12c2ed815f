package dev.prefs.command.defaults;

import dev.prefs.command.preferences.ValuesChange;
import dev.prefs.events.PreferenceField;
import java.util.Map;

/**
 * A merge patch of a layer of defaults: the value fields it names ({@code null}: no default here) and, for a tenant,
 * the fields it starts ({@code true}) or stops ({@code false}) enforcing. {@code canonical} is the body as sorted,
 * compact JSON, for Idempotency-Key.
 */
record DefaultsBody(ValuesChange values, Map<PreferenceField, Boolean> enforced, String canonical) {
}
