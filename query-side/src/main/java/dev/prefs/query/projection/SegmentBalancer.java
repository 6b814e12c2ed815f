package dev.prefs.query.projection;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shares every processor's segments out between the running query-side processes. Axon's pooled processors claim
 * every segment nobody holds, so the first process to start would keep them all; this gives the surplus back.
 * Every {@code claim-interval} each process renews its row in {@code query_process}, counts the processes whose row
 * is recent (renewed within half the claim timeout), and for each of its processors holding more than
 * {@code ceil(segments / processes)} releases the surplus for a few claim intervals, which the others then claim.
 * It never stops a process from claiming: a process that dies stops renewing its row, so it is no longer counted
 * well before its claims time out, and the survivors take all its segments.
 */
final class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /** Rows this much older than the claim timeout belong to processes long gone: deleted. */
    private static final int FORGET_AFTER_TIMEOUTS = 20;

    private final ProjectionRuntime runtime;
    private final JdbcTemplate jdbc;
    private final ClaimSettings claims;
    private final String nodeId;
    private ScheduledExecutorService scheduler;

    SegmentBalancer(ProjectionRuntime runtime, JdbcTemplate jdbc, ClaimSettings claims) {
        this.runtime = runtime;
        this.jdbc = jdbc;
        this.claims = claims;
        this.nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    /** One round: renew this process's row, count the live ones, release what this process holds above its share. */
    void balance() {
        jdbc.update("INSERT INTO query_process (node_id, seen_at) VALUES (?, now())"
                    + " ON CONFLICT (node_id) DO UPDATE SET seen_at = now()", nodeId);
        double liveSeconds = liveWindow(claims).toMillis() / 1000.0;
        Integer counted = jdbc.queryForObject("SELECT count(*) FROM query_process"
                + " WHERE seen_at > now() - make_interval(secs => ?)", Integer.class, liveSeconds);
        int processes = Math.max(1, counted == null ? 1 : counted);
        jdbc.update("DELETE FROM query_process WHERE seen_at < now() - make_interval(secs => ?)",
                claims.timeout().toMillis() / 1000.0 * FORGET_AFTER_TIMEOUTS);
        List<EventProcessor> processors = runtime.processors();
        if (processors.isEmpty()) {
            return;
        }
        Map<String, Integer> segments = jdbc.query(
                "SELECT processor_name, count(*) FROM token_entry GROUP BY processor_name",
                rs -> {
                    Map<String, Integer> counts = new HashMap<>();
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getInt(2));
                    }
                    return counts;
                });
        for (EventProcessor processor : processors) {
            if (processor instanceof StreamingEventProcessor streaming) {
                int total = segments == null ? 0 : segments.getOrDefault(processor.getName(), 0);
                release(streaming, share(total, processes));
            }
        }
    }

    /** At most this many of {@code segments} segments per process, when {@code processes} share them. */
    static int share(int segments, int processes) {
        return (segments + processes - 1) / processes;
    }

    private void release(StreamingEventProcessor processor, int share) {
        List<Integer> held = processor.processingStatus().keySet().stream().sorted().collect(Collectors.toList());
        if (share <= 0 || held.size() <= share) {
            return;
        }
        // Long enough for another process's coordinator to look (every claim-interval), short enough that nobody
        // taking them costs little: this process claims them again after that.
        long releaseMillis = claims.interval().multipliedBy(3).toMillis();
        for (Integer segment : held.subList(share, held.size())) {
            processor.releaseSegment(segment, releaseMillis, TimeUnit.MILLISECONDS);
        }
        log.info("{}: holding {} segment(s), {} per process: released {}", processor.getName(), held.size(), share,
                held.subList(share, held.size()));
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        long every = claims.interval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                balance();
            } catch (RuntimeException e) {
                log.warn("Segment balancing failed this time: {}", e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
            try {
                jdbc.update("DELETE FROM query_process WHERE node_id = ?", nodeId);
            } catch (RuntimeException e) {
                log.warn("Could not remove this process from query_process: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** After the processors have started (its row says this process is ready to take segments). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 4 + 1;
    }

    /** A process whose row was renewed within this is counted (half the claim timeout: see the class comment). */
    static Duration liveWindow(ClaimSettings claims) {
        return claims.timeout().dividedBy(2);
    }
}
