package dev.prefs.query.changes;

import dev.prefs.events.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of a feed position: base64url of {@code cf1:<position>}. Positions are totally ordered, and a
 * cursor names the item at that position; "after a cursor" is every later item. Position 0 is before every item.
 */
final class FeedCursor {

    private static final String PREFIX = "cf1:";

    private FeedCursor() {
    }

    static String of(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + position)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** The position {@code cursor} names; 400 (on {@code field}) when it is not a cursor this feed hands out. */
    static long position(String cursor, String field) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw malformed(field);
        }
        if (!text.startsWith(PREFIX) || text.length() > PREFIX.length() + 19
            || !text.substring(PREFIX.length()).matches("0|[1-9][0-9]*")) {
            throw malformed(field);
        }
        try {
            return Long.parseLong(text.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            throw malformed(field);
        }
    }

    private static InvalidValueException malformed(String field) {
        return new InvalidValueException(field, "is not a cursor of this change feed");
    }
}
