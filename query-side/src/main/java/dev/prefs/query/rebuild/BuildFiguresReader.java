package dev.prefs.query.rebuild;

import dev.prefs.query.projection.RegisteredBuild;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/** Computes {@link BuildFigures} from the registry row, the processor's stored tokens and the event store's head. */
final class BuildFiguresReader {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final long maxLag;
    private final Clock clock;
    private final LiveRate liveRate;

    BuildFiguresReader(JdbcTemplate jdbc, Serializer serializer, long maxLag, Clock clock) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.maxLag = maxLag;
        this.clock = clock;
        this.liveRate = new LiveRate(clock);
    }

    long maxLag() {
        return maxLag;
    }

    long head() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    BuildFigures figures(RegisteredBuild build) {
        return figures(build, head());
    }

    BuildFigures figures(RegisteredBuild build, long head) {
        Long position = position(build.processingGroup());
        long lag;
        if (position != null) {
            lag = Math.max(0, head - position);
        } else if (build.snapshotHead() != null) {
            lag = Math.max(0, build.total() - build.processed()) + Math.max(0, head - build.snapshotHead());
        } else {
            lag = head + 1;
        }
        boolean bulk = build.jobId() != null && !build.bulkFinished();
        // A following build (its processor has tokens, no bulk phase running) reports the rate its processor moves at.
        double rate = position != null && !bulk ? liveRate.observe(build.processingGroup(), position) : rate(build);
        double progress;
        Duration eta;
        if (bulk) {
            progress = build.total() == 0 ? 0 : Math.min(0.99, (double) build.processed() / build.total());
            long left = Math.max(0, build.total() - build.processed());
            eta = rate > 0 ? Duration.ofMillis((long) (left * 1000 / rate)) : null;
        } else if (position != null && lag <= maxLag) {
            progress = 1;
            eta = Duration.ZERO;
        } else {
            progress = head < 0 ? 1 : Math.max(0, 1 - (double) lag / (head + 1));
            eta = position != null ? LiveRate.eta(lag, rate) : null;
        }
        return new BuildFigures(position, head, lag, progress, rate, eta, deadLetters(build.processingGroup()));
    }

    long deadLetters(String processingGroup) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?",
                Long.class, processingGroup);
        return count == null ? 0 : count;
    }

    /**
     * Events per second of the bulk phase's current run (so far, or over the run once finished); a resumed job's
     * earlier runs do not count, their downtime would drag the rate down. 0 without a job.
     */
    private double rate(RegisteredBuild build) {
        long processed = build.processed() - build.processedBefore();
        if (build.bulkStartedAt() == null || processed <= 0) {
            return 0;
        }
        Instant end = build.bulkFinishedAt() != null ? build.bulkFinishedAt() : clock.instant();
        long millis = Math.max(1, Duration.between(build.bulkStartedAt(), end).toMillis());
        return processed * 1000.0 / millis;
    }

    /** The lowest position of the group's segments, or null if it has no tokens yet. */
    private Long position(String processingGroup) {
        List<Long> positions = jdbc.query(
                "SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (rs, i) -> position(rs.getBytes(1), rs.getString(2)), processingGroup);
        if (positions.isEmpty()) {
            return null;
        }
        return positions.stream().min(Long::compare).orElseThrow();
    }

    private Long position(byte[] token, String type) {
        if (token == null || type == null) {
            return -1L;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? -1L : tracking.position().orElse(-1L);
    }
}
