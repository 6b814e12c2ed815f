package dev.prefs.platform.openapi;

/**
 * References to the response headers the OpenAPI document defines once, for {@code @Header(name = …, ref = …)} on
 * an operation's answer.
 */
public final class HeaderRefs {

    public static final String ETAG = "#/components/headers/ETag";
    public static final String LOCATION = "#/components/headers/Location";
    public static final String RETRY_AFTER = "#/components/headers/Retry-After";
    public static final String IDEMPOTENT_REPLAYED = "#/components/headers/Idempotent-Replayed";

    private HeaderRefs() {
    }
}
