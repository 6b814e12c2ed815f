package dev.prefs.query.rebuild;

import dev.prefs.query.projection.BuildStatus;
import dev.prefs.query.projection.RegisteredBuild;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The figures of every build as Micrometer gauges tagged projection, version and generation:
 * {@code prefs.projection.lag}, {@code prefs.projection.progress} and {@code prefs.projection.events.per.second}.
 * They show the values of the supervisor's last look, not a query per scrape. A retired build's gauges are removed:
 * its processor no longer runs, so its figures would only grow stale.
 */
final class RebuildMetrics {

    private final MeterRegistry meters;
    private final Map<String, BuildFigures> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Meter.Id>> gauges = new ConcurrentHashMap<>();

    RebuildMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(RegisteredBuild build, BuildFigures figures) {
        if (build.status() == BuildStatus.RETIRED) {
            remove(build.processingGroup());
            return;
        }
        if (latest.put(build.processingGroup(), figures) == null) {
            Tags tags = Tags.of("projection", build.name(), "version", String.valueOf(build.version()),
                    "generation", String.valueOf(build.generation()));
            gauge("prefs.projection.lag", "Events the build is behind the event store's head", tags, build,
                    BuildFigures::lag);
            gauge("prefs.projection.progress", "Progress of the build, 0..1", tags, build, BuildFigures::progress);
            gauge("prefs.projection.events.per.second", "Events per second of the build's bulk phase", tags, build,
                    BuildFigures::eventsPerSecond);
        }
    }

    private void remove(String group) {
        latest.remove(group);
        List<Meter.Id> ids = gauges.remove(group);
        if (ids != null) {
            ids.forEach(meters::remove);
        }
    }

    private void gauge(String name, String description, Tags tags, RegisteredBuild build,
                       ToDoubleFunction<BuildFigures> value) {
        String group = build.processingGroup();
        Gauge gauge = Gauge.builder(name, latest,
                                    map -> map.containsKey(group) ? value.applyAsDouble(map.get(group)) : Double.NaN)
                           .description(description).tags(tags).register(meters);
        gauges.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(gauge.getId());
    }
}
