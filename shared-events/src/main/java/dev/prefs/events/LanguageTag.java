package dev.prefs.events;

import java.util.IllformedLocaleException;
import java.util.Locale;

/** BCP 47 language tags: validation and the canonical form stored in events ({@code en-us} becomes {@code en-US}). */
public final class LanguageTag {

    /** RFC 5646 allows longer tags, but no real language preference needs more. */
    static final int MAX_LENGTH = 64;

    private LanguageTag() {
    }

    /** The canonical form of {@code tag}, or an {@link InvalidValueException} if it is not a well-formed tag. */
    public static String canonical(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_LENGTH) {
            throw invalid();
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            String canonical = locale.toLanguageTag();
            if (canonical.isEmpty() || "und".equals(canonical) && !"und".equalsIgnoreCase(tag)) {
                throw invalid();
            }
            return canonical;
        } catch (IllformedLocaleException e) {
            throw invalid();
        }
    }

    private static InvalidValueException invalid() {
        return new InvalidValueException("language", "must be a well-formed BCP 47 language tag such as en or pt-BR");
    }
}
