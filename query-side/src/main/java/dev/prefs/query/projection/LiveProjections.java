package dev.prefs.query.projection;

import java.time.Duration;
import java.util.Map;

/**
 * Which version of each projection reads go to. Cached, because every read asks; the cache is dropped when a switch
 * is announced on {@value BuildTransitions#CHANNEL} and expires after a short TTL in case an announcement was
 * missed (the listening connection was down).
 */
public final class LiveProjections {

    private record Snapshot(Map<String, LiveVersion> live, long loadedAt) {
    }

    private final ProjectionRegistry registry;
    private final long ttlNanos;
    private volatile Snapshot snapshot;

    LiveProjections(ProjectionRegistry registry, Duration ttl) {
        this.registry = registry;
        this.ttlNanos = ttl.toNanos();
    }

    /** The live version of {@code projection}. */
    public LiveVersion live(String projection) {
        Snapshot current = snapshot;
        if (current == null || System.nanoTime() - current.loadedAt() > ttlNanos) {
            current = new Snapshot(registry.live(), System.nanoTime());
            snapshot = current;
        }
        LiveVersion live = current.live().get(projection);
        if (live == null) {
            throw new IllegalStateException("No live version of projection " + projection + " is registered");
        }
        return live;
    }

    /** Drops the cache, so the next read looks the live versions up again (after a switch). */
    public void invalidate() {
        snapshot = null;
    }
}
