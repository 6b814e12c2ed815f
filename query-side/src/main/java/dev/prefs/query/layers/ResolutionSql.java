package dev.prefs.query.layers;

import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;

/**
 * The resolution rule of {@link dev.prefs.events.Resolution} as SQL, for filters and counts over many users at once:
 * an expression over a user's row (alias {@code u}), the user's tenant layer (a left join, alias {@code t}) and the
 * system layer (a left join that finds no row until the system was first changed, alias {@code s}). Tests compare it
 * with the Java rule.
 */
public final class ResolutionSql {

    private ResolutionSql() {
    }

    /** The column of {@code field} in a users table and a layers table. */
    public static String column(PreferenceField field) {
        return switch (field) {
            case THEME -> "theme";
            case LANGUAGE -> "language";
            case EMAIL -> "notify_email";
            case PUSH -> "notify_push";
            case SMS -> "notify_sms";
        };
    }

    /** The layers table's column that says whether a tenant enforces {@code field}. */
    public static String enforceColumn(PreferenceField field) {
        return switch (field) {
            case THEME -> "enforce_theme";
            case LANGUAGE -> "enforce_language";
            case EMAIL -> "enforce_email";
            case PUSH -> "enforce_push";
            case SMS -> "enforce_sms";
        };
    }

    /** {@code field}'s effective value for aliases {@code u}, {@code t} and {@code s}. */
    public static String effective(PreferenceField field) {
        return effective(field, "u", "t", "s");
    }

    /** {@code field}'s effective value with the user, tenant layer and system layer under these aliases. */
    public static String effective(PreferenceField field, String user, String tenant, String system) {
        String c = column(field);
        return "(CASE WHEN " + tenant + "." + enforceColumn(field) + " AND " + tenant + "." + c + " IS NOT NULL THEN "
               + tenant + "." + c + " ELSE COALESCE(" + user + "." + c + ", " + tenant + "." + c + ", " + system + "."
               + c + ", " + builtIn(field) + ") END)";
    }

    /** The built-in system value of {@code field} as an SQL literal (the system layer before any change). */
    static String builtIn(PreferenceField field) {
        Object value = PreferenceValues.BUILT_IN.get(field);
        if (value instanceof Boolean flag) {
            return flag ? "TRUE" : "FALSE";
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
