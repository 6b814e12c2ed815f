package dev.prefs.query.projection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which build of each projection reads go to. Cached, because every read asks; the cache is dropped when a switch
 * is announced on {@value BuildTransitions#CHANNEL} and expires after a short TTL in case an announcement was
 * missed (the listening connection was down).
 */
public final class LiveProjections {

    private static final Logger log = LoggerFactory.getLogger(LiveProjections.class);

    /** The registry as last loaded, and the build each projection is read from, resolved once per load. */
    private record Snapshot(Map<String, LiveVersion> live, Map<String, Optional<Build<?>>> reads, long loadedAt) {
    }

    private final ProjectionRegistry registry;
    private final Map<String, ProjectionVersion<?>> declared;
    private final long ttlNanos;
    private volatile Snapshot snapshot;
    /** Per projection, the fallback last warned about, so a fallback is logged once per switch, not per read. */
    private final Map<String, String> warned = new ConcurrentHashMap<>();

    LiveProjections(ProjectionRegistry registry, List<ProjectionVersion<?>> declared, Duration ttl) {
        this.registry = registry;
        this.declared = declared.stream().collect(Collectors.toUnmodifiableMap(
                v -> v.name() + "/" + v.version(), v -> v));
        this.ttlNanos = ttl.toNanos();
    }

    /** The live version of {@code projection}, as the registry has it. */
    public LiveVersion live(String projection) {
        return live(current(), projection);
    }

    private static LiveVersion live(Snapshot current, String projection) {
        LiveVersion live = current.live().get(projection);
        if (live == null) {
            throw new IllegalStateException("No live version of projection " + projection + " is registered");
        }
        return live;
    }

    /**
     * The build reads of {@code projection} go to: its version object (which knows how its tables are read) and the
     * generation whose tables hold the rows. Reads ask it for their reader instead of looking at version numbers.
     * <p>
     * That is the live build, unless this process's code does not declare the live version: in a rolling deploy a
     * new process switches its new version in while processes of the previous release still answer. Those read
     * the standby build switched out last among the versions they declare (the build live just before, which
     * their processors still follow), and warn once; with none left, {@link ReadModelUnavailableException} (503).
     * The registry's order of switching out chooses, not the version numbers.
     */
    public Build<?> liveBuild(String projection) {
        Snapshot current = current();
        return current.reads().computeIfAbsent(projection, name -> resolve(current, name))
                .orElseThrow(() -> new ReadModelUnavailableException(projection,
                        live(current, projection).version()));
    }

    private Optional<Build<?>> resolve(Snapshot current, String projection) {
        LiveVersion live = live(current, projection);
        ProjectionVersion<?> version = declared.get(projection + "/" + live.version());
        if (version != null) {
            if (warned.remove(projection) != null) {
                log.info("Reads of {} are served from its live version {} generation {} again", projection,
                        live.version(), live.generation());
            }
            return Optional.of(new Build<>(version, live.generation()));
        }
        Optional<Build<?>> fallback = registry.standbyByLastSwitchedOut(projection).stream()
                .filter(row -> declared.containsKey(projection + "/" + row.version()))
                .findFirst()
                .map(row -> new Build<>(declared.get(projection + "/" + row.version()), row.generation()));
        String situation = live.version() + "/" + live.generation() + " -> "
                           + fallback.map(Build::processingGroup).orElse("none");
        if (!situation.equals(warned.put(projection, situation))) {
            if (fallback.isPresent()) {
                log.warn("Reads of {} are served from version {} generation {} because the live version {} is not"
                         + " declared in this process's code: deploy the new version everywhere", projection,
                        fallback.get().version().version(), fallback.get().generation(), live.version());
            } else {
                log.warn("Reads of {} are refused (503): the live version {} is not declared in this process's code"
                         + " and no standby build of a version it declares is left; deploy the new version"
                         + " everywhere", projection, live.version());
            }
        }
        return fallback;
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current == null || System.nanoTime() - current.loadedAt() > ttlNanos) {
            current = new Snapshot(registry.live(), new ConcurrentHashMap<>(), System.nanoTime());
            snapshot = current;
        }
        return current;
    }

    /** Drops the cache, so the next read looks the live versions up again (after a switch). */
    public void invalidate() {
        snapshot = null;
    }
}
