package dev.prefs.query.projection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Each event processor's state in {@code /actuator/health}: running or not, any segment stuck on an error, and
 * whether all its segments are claimed. A projection in error serves ever older rows, so it makes the service DOWN
 * rather than silently stale. A processor whose segments are not all claimed (right after start-up, or while the
 * claims of a process that is gone have not been taken over yet) projects nothing on them, and a read with
 * {@code minVersion} would time out: the service is not UP until they are. Claimed means by this process (its
 * processor's own segments cover the whole stream: no I/O) or, with several query-side processes, by owners that
 * renew their claims ({@link SegmentClaims}).
 */
final class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final ProjectionRuntime runtime;
    private final SegmentClaims claims;

    EventProcessorsHealthIndicator(ProjectionRuntime runtime, SegmentClaims claims) {
        this.runtime = runtime;
        this.claims = claims;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean healthy = true;
        Map<String, Object> processors = new TreeMap<>();
        for (EventProcessor processor : runtime.processors()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.isRunning());
            boolean error = processor.isError();
            boolean claimed = true;
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, Object> segments = new TreeMap<>();
                // The share of the event stream this process's segments cover: a segment of mask m is 1/(m+1).
                double covered = 0;
                for (Map.Entry<Integer, EventTrackerStatus> entry : streaming.processingStatus().entrySet()) {
                    EventTrackerStatus status = entry.getValue();
                    error |= status.isErrorState();
                    covered += 1.0 / (status.getSegment().getMask() + 1.0);
                    segments.put(entry.getKey(), segment(status));
                }
                details.put("segments", segments);
                claimed = covered >= 1.0 || claims.allHeld(processor.getName());
                details.put("claimed", claimed);
            }
            details.put("error", error);
            healthy &= processor.isRunning() && !error && claimed;
            processors.put(processor.getName(), details);
        }
        (healthy ? builder.up() : builder.down()).withDetail("processors", processors);
    }

    private static Map<String, Object> segment(EventTrackerStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("caughtUp", status.isCaughtUp());
        details.put("replaying", status.isReplaying());
        status.getCurrentPosition().ifPresent(position -> details.put("position", position));
        if (status.isErrorState() && status.getError() != null) {
            details.put("error", String.valueOf(status.getError().getMessage()));
        }
        return details;
    }
}
