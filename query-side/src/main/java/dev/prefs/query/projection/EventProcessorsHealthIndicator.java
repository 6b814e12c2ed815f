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
 * Each event processor's state in {@code /actuator/health}: running or not, and any segment stuck on an error. A
 * projection in error serves ever older rows, so it makes the service DOWN rather than silently stale.
 */
final class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final ProjectionRuntime runtime;

    EventProcessorsHealthIndicator(ProjectionRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean healthy = true;
        Map<String, Object> processors = new TreeMap<>();
        for (EventProcessor processor : runtime.processors()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.isRunning());
            boolean error = processor.isError();
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, Object> segments = new TreeMap<>();
                for (Map.Entry<Integer, EventTrackerStatus> entry : streaming.processingStatus().entrySet()) {
                    EventTrackerStatus status = entry.getValue();
                    error |= status.isErrorState();
                    segments.put(entry.getKey(), segment(status));
                }
                details.put("segments", segments);
            }
            details.put("error", error);
            healthy &= processor.isRunning() && !error;
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
