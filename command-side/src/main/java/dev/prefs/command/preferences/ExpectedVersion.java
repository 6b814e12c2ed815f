package dev.prefs.command.preferences;

import dev.prefs.platform.problem.FieldError;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What an {@code If-Match} header demands (RFC 9110, 13.1.1): {@code *} (null {@code tags}) only that the
 * preferences exist; otherwise that the current version's strong entity tag {@code "N"} is one of the listed tags.
 * The comparison is strong, so a weak tag ({@code W/"3"}) never matches, and a tag that no version has
 * ({@code "abc"}) matches nothing: both are a 412, not a 400. Only a header that is not entity tags at all is
 * refused as invalid.
 */
record ExpectedVersion(Set<String> tags) {

    static final ExpectedVersion ANY = new ExpectedVersion((Set<String>) null);
    /** One list member: an optional weak prefix and a quoted opaque tag (etagc: %x21 / %x23-7E / obs-text). */
    private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"");

    /** The demand that the current version be exactly {@code version}. */
    ExpectedVersion(long version) {
        this(Set.of(Long.toString(version)));
    }

    /** The demand of an {@code If-Match} header value, null when there is no header. */
    static ExpectedVersion fromIfMatch(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if ("*".equals(value)) {
            return ANY;
        }
        Set<String> strong = new LinkedHashSet<>();
        boolean any = false;
        for (String member : value.split(",", -1)) {
            String tag = member.strip();
            if (tag.isEmpty()) {
                // RFC 9110 5.6.1.2: empty list elements are ignored.
                continue;
            }
            Matcher matcher = ENTITY_TAG.matcher(tag);
            if (!matcher.matches()) {
                throw invalid();
            }
            any = true;
            if (matcher.group(1) == null) {
                strong.add(matcher.group(2));
            }
        }
        if (!any) {
            throw invalid();
        }
        return new ExpectedVersion(Set.copyOf(strong));
    }

    private static InvalidPreferencesException invalid() {
        return new InvalidPreferencesException(new FieldError("If-Match",
                "must be * or a comma-separated list of entity tags, such as \"3\""));
    }

    /** Whether existing preferences at {@code currentVersion} satisfy this demand. */
    boolean matches(long currentVersion) {
        return tags == null || tags.contains(Long.toString(currentVersion));
    }

    @Override
    public String toString() {
        return tags == null ? "*" : tags.isEmpty() ? "(weak tags only, which never match)"
                : tags.stream().sorted().map(tag -> "\"" + tag + "\"").collect(Collectors.joining(", "));
    }
}
