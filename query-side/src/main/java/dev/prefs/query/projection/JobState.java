package dev.prefs.query.projection;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where the rebuild job that makes a build stands ({@code projection_registry.job_state}, and {@code state} /
 * {@code jobState} in the admin API's JSON): {@code running}, {@code caught-up} (waiting for the cut-over
 * conditions, or ended on standby behind a newer live version), {@code switched}, {@code failed} or
 * {@code cancelled}.
 */
public enum JobState {
    RUNNING("running"), CAUGHT_UP("caught-up"), SWITCHED("switched"), FAILED("failed"), CANCELLED("cancelled");

    private final String text;

    JobState(String text) {
        this.text = text;
    }

    /** As stored and as the HTTP contract spells it (and so the JSON, and the OpenAPI document's enum). */
    @JsonValue
    public String text() {
        return text;
    }

    /** Null for a build no job made. */
    public static JobState of(String text) {
        if (text == null) {
            return null;
        }
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown job state " + text));
    }
}
