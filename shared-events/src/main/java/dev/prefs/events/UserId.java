package dev.prefs.events;

import java.util.regex.Pattern;

/** The rule for user ids: 1 to 128 characters of {@code A-Z a-z 0-9 . _ : @ -}. */
public final class UserId {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private UserId() {
    }

    public static boolean isValid(String userId) {
        return userId != null && ALLOWED.matcher(userId).matches();
    }

    /** {@code userId} itself when valid, otherwise an {@link InvalidValueException}. */
    public static String require(String userId) {
        if (!isValid(userId)) {
            throw new InvalidValueException("userId", "must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -");
        }
        return userId;
    }
}
