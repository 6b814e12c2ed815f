package dev.prefs.query.projection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which build of each projection reads go to. Cached, because every read asks; the cache is dropped when a switch
 * is announced on {@value BuildTransitions#CHANNEL} and expires after a short TTL in case an announcement was
 * missed (the listening connection was down).
 */
public final class LiveProjections {

    private record Snapshot(Map<String, LiveVersion> live, long loadedAt) {
    }

    private final ProjectionRegistry registry;
    private final Map<String, ProjectionVersion<?>> declared;
    private final long ttlNanos;
    private volatile Snapshot snapshot;

    LiveProjections(ProjectionRegistry registry, List<ProjectionVersion<?>> declared, Duration ttl) {
        this.registry = registry;
        this.declared = declared.stream().collect(Collectors.toUnmodifiableMap(
                v -> v.name() + "/" + v.version(), v -> v));
        this.ttlNanos = ttl.toNanos();
    }

    /** The live version of {@code projection}, as the registry has it. */
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

    /**
     * The live build of {@code projection}: its version object (which knows how its tables are read) and the
     * generation whose tables hold the rows. Reads ask it for their reader instead of looking at version numbers.
     */
    public Build<?> liveBuild(String projection) {
        LiveVersion live = live(projection);
        ProjectionVersion<?> version = declared.get(projection + "/" + live.version());
        if (version == null) {
            throw new IllegalStateException("The live version " + live.version() + " of projection " + projection
                                            + " is not declared in this code");
        }
        return new Build<>(version, live.generation());
    }

    /** Drops the cache, so the next read looks the live versions up again (after a switch). */
    public void invalidate() {
        snapshot = null;
    }
}
