package dev.prefs.command.preferences;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code If-Match} header demands: a version (the strong entity tag {@code "N"}), or, for {@code *}, only that
 * the preferences exist. Weak tags and lists are refused rather than guessed at: the ETags we hand out are single
 * strong tags, so a client sending anything else has a bug worth reporting.
 */
record ExpectedVersion(Long version) {

    static final ExpectedVersion ANY = new ExpectedVersion(null);
    private static final Pattern STRONG_TAG = Pattern.compile("\"(0|[1-9][0-9]{0,17})\"");

    /** The demand of an {@code If-Match} header value, null when there is no header. */
    static ExpectedVersion fromIfMatch(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if ("*".equals(value)) {
            return ANY;
        }
        Matcher matcher = STRONG_TAG.matcher(value);
        if (!matcher.matches()) {
            throw new InvalidPreferencesException(new InvalidField("If-Match",
                    "must be * or one strong entity tag holding a version, such as \"3\""));
        }
        return new ExpectedVersion(Long.parseLong(matcher.group(1)));
    }

    /** Whether existing preferences at {@code currentVersion} satisfy this demand. */
    boolean matches(long currentVersion) {
        return version == null || version == currentVersion;
    }

    @Override
    public String toString() {
        return version == null ? "*" : "\"" + version + "\"";
    }
}
