package dev.prefs.query.projection;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where a build stands ({@code projection_registry.status}, and {@code status} in the admin API's JSON):
 * {@code building} (at most one per projection), {@code live} (exactly one; reads go there), {@code standby}
 * (the previous live build, still following events for an instant rollback; at most one per version) and
 * {@code retired} (its processor stopped). {@link BuildTransitions} is what moves a build from one to the next.
 */
public enum BuildStatus {
    BUILDING("building"), LIVE("live"), STANDBY("standby"), RETIRED("retired");

    private final String text;

    BuildStatus(String text) {
        this.text = text;
    }

    /** As stored and as the HTTP contract spells it (and so the JSON, and the OpenAPI document's enum). */
    @JsonValue
    public String text() {
        return text;
    }

    public static BuildStatus of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown build status " + text));
    }
}
