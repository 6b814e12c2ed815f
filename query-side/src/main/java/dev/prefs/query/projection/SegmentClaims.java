package dev.prefs.query.projection;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether every segment of a processor is held by an owner that renewed its claim within the claim timeout, as
 * {@code token_entry} says. The health indicator asks only when this process's own claims do not cover the processor
 * (the other segments may be held by other query-side processes), and an answer is reused for a second, so health
 * checks cost at most one small query per processor and second.
 */
final class SegmentClaims {

    /** How long an answer is reused; well below the claim timeout, so a takeover shows within about a second. */
    private static final Duration REUSE = Duration.ofSeconds(1);

    private record Answer(boolean held, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final Duration claimTimeout;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    SegmentClaims(JdbcTemplate jdbc, Duration claimTimeout) {
        this.jdbc = jdbc;
        this.claimTimeout = claimTimeout;
    }

    /** True when {@code processor} has segments and each is held by a live owner (one that renewed in time). */
    boolean allHeld(String processor) {
        Instant now = Instant.now();
        Answer previous = answers.get(processor);
        if (previous != null && previous.at().plus(REUSE).isAfter(now)) {
            return previous.held();
        }
        // Axon stores the claim's time as ISO-8601 text, which does not sort as text: compare as instants here.
        List<Boolean> segments = jdbc.query("SELECT owner, timestamp FROM token_entry WHERE processor_name = ?",
                (rs, row) -> rs.getString(1) != null && renewedSince(rs.getString(2), now.minus(claimTimeout)),
                processor);
        boolean held = !segments.isEmpty() && !segments.contains(false);
        answers.put(processor, new Answer(held, now));
        return held;
    }

    private static boolean renewedSince(String timestamp, Instant limit) {
        try {
            return timestamp != null && Instant.parse(timestamp).isAfter(limit);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
