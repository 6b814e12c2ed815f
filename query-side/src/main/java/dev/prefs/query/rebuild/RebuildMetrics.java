package dev.prefs.query.rebuild;

import dev.prefs.query.projection.RegisteredBuild;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The figures of every build as Micrometer gauges tagged projection, version and generation:
 * {@code prefs.projection.lag}, {@code prefs.projection.progress} and {@code prefs.projection.events.per.second}.
 * They show the values of the supervisor's last look, not a query per scrape.
 */
final class RebuildMetrics {

    private final MeterRegistry meters;
    private final Map<String, BuildFigures> latest = new ConcurrentHashMap<>();

    RebuildMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(RegisteredBuild build, BuildFigures figures) {
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

    private void gauge(String name, String description, Tags tags, RegisteredBuild build,
                       ToDoubleFunction<BuildFigures> value) {
        String group = build.processingGroup();
        Gauge.builder(name, latest, map -> map.containsKey(group) ? value.applyAsDouble(map.get(group)) : Double.NaN)
             .description(description).tags(tags).register(meters);
    }
}
