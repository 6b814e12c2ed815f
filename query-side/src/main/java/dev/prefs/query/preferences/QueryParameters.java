package dev.prefs.query.preferences;

import dev.prefs.events.InvalidValueException;
import dev.prefs.events.LanguageTag;
import dev.prefs.events.TenantId;
import dev.prefs.events.Theme;
import dev.prefs.events.UserId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The query parameters, parsed by hand: a bad value becomes a 400 naming the parameter ({@link
 * InvalidValueException}), never a conversion failure somewhere in the framework.
 */
final class QueryParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private QueryParameters() {
    }

    /** RFC 9110's If-None-Match: "*" or a comma-separated list of entity tags ({@code "3"}, {@code W/"3"}). */
    private static final java.util.regex.Pattern ENTITY_TAGS = java.util.regex.Pattern.compile(
            "\\*|(W/)?\"[\\x21\\x23-\\x7e]*\"(\\s*,\\s*(W/)?\"[\\x21\\x23-\\x7e]*\")*");

    /** Refuses a malformed If-None-Match (null: none given), rather than silently treating it as no match. */
    static void requireEntityTags(String ifNoneMatch) {
        if (ifNoneMatch != null && (ifNoneMatch.length() > 1_000 || !ENTITY_TAGS.matcher(ifNoneMatch.trim()).matches())) {
            throw new InvalidValueException("If-None-Match", "must be * or entity tags such as \"3\"");
        }
    }

    static long minVersion(String value) {
        if (value == null) {
            return 0;
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below, like a negative number
        }
        throw new InvalidValueException("minVersion", "must be a whole number, 0 or more");
    }

    static Optional<Instant> asOf(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("asOf", "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw new InvalidValueException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    static String after(String value) {
        if (value != null && !UserId.isValid(value)) {
            throw new InvalidValueException("after", "must be the next cursor of a previous page");
        }
        return value;
    }

    static PreferencesFilter filter(String theme, String language, String notificationsEnabled) {
        return filter(null, theme, language, notificationsEnabled);
    }

    /** {@code tenantId}: already decided for the caller (a tenant admin's own tenant), or null for every user. */
    static PreferencesFilter filter(String tenantId, String theme, String language, String notificationsEnabled) {
        return new PreferencesFilter(Optional.ofNullable(tenantId).map(TenantId::require),
                Optional.ofNullable(theme).map(value -> Theme.fromWire(value).wire()),
                Optional.ofNullable(language).map(LanguageTag::canonical),
                Optional.ofNullable(notificationsEnabled).map(QueryParameters::bool));
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValueException("notificationsEnabled", "must be true or false");
        };
    }
}
