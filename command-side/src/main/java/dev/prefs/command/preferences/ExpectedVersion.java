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
 * refused as invalid. A user's write also accepts the query side's ETag of that user's GET,
 * {@code "<userVersion>.<tenantLayerVersion>.<systemLayerVersion>.<readModelVersion>"}, and compares only its first
 * number ({@link #matchesUserVersion}).
 */
public record ExpectedVersion(Set<String> tags) {

    public static final ExpectedVersion ANY = new ExpectedVersion((Set<String>) null);
    /** One list member: an optional weak prefix and a quoted opaque tag (etagc: %x21 / %x23-7E / obs-text). */
    private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"");
    /** A user GET's ETag: the user's version, then the tenant layer's, the system layer's, the read model's. */
    private static final Pattern USER_GET_TAG = Pattern.compile("([^.]+)(\\.(0|[1-9][0-9]*)){3}");

    /** The demand that the current version be exactly {@code version}. */
    public ExpectedVersion(long version) {
        this(Set.of(Long.toString(version)));
    }

    /** The demand of an {@code If-Match} header value, null when there is no header. */
    public static ExpectedVersion fromIfMatch(String header) {
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

    /** Whether an existing aggregate at {@code currentVersion} satisfies this demand; only {@code "N"} tags count. */
    public boolean matches(long currentVersion) {
        return tags == null || tags.contains(Long.toString(currentVersion));
    }

    /** As {@link #matches}, also taking a user GET's ETag whose first number is {@code currentVersion}. */
    boolean matchesUserVersion(long currentVersion) {
        if (matches(currentVersion)) {
            return true;
        }
        String version = Long.toString(currentVersion);
        return tags.stream().map(USER_GET_TAG::matcher)
                .anyMatch(tag -> tag.matches() && tag.group(1).equals(version));
    }

    @Override
    public String toString() {
        return tags == null ? "*" : tags.isEmpty() ? "(weak tags only, which never match)"
                : tags.stream().sorted().map(tag -> "\"" + tag + "\"").collect(Collectors.joining(", "));
    }
}
