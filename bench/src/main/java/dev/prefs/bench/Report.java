package dev.prefs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the results page and the rebuild scaling chart (SVG). A hand-written section after
 * {@value #KEPT_MARKER} in an existing page (the analysis of the figures) is kept when the page is written again.
 */
final class Report {

    static final String KEPT_MARKER = "<!-- Everything below this line is written by hand and kept across runs. -->";

    private final Bench.Plan plan;
    private final Path repository;
    private final Path out;
    private final List<Bench.Figure> figures;
    private final Map<Long, Double> scaling;
    private final List<String> notes;
    private final Map<String, String> catchUp;
    private final String postgres;
    private final Instant started;
    private final Instant finished;
    private final List<String> profile;
    private final List<String> instrument;
    /** Further sections (title, markdown body), after the catch-up list: the capacity model's inputs. */
    private Map<String, String> sections = Map.of();

    Report(Bench.Plan plan, Path repository, Path out, List<Bench.Figure> figures, Map<Long, Double> scaling,
           List<String> notes, Map<String, String> catchUp, String postgres, Instant started, Instant finished,
           List<String> profile, List<String> instrument) {
        this.plan = plan;
        this.repository = repository;
        this.out = out;
        this.figures = figures;
        this.scaling = scaling;
        this.notes = notes;
        this.catchUp = catchUp;
        this.postgres = postgres;
        this.started = started;
        this.finished = finished;
        this.profile = profile;
        this.instrument = instrument;
    }

    /** Adds sections (title to markdown body) to the page, in order, after the rebuild scaling. */
    Report sections(Map<String, String> sections) {
        this.sections = sections;
        return this;
    }

    Path chart() {
        return out.resolveSibling(out.getFileName().toString().replaceFirst("\\.md$", "") + "-rebuild-scaling.svg");
    }

    String table() {
        StringBuilder table = new StringBuilder();
        table.append("| workload | Prefs | baseline in the same run | ratio | p50 | p99 | target | result |\n");
        table.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Bench.Figure f : figures) {
            table.append("| ").append(String.join(" | ", f.workload(), f.prefs(), f.baseline(), f.ratio(), f.p50(),
                    f.p99(), f.target(), f.verdict())).append(" |\n");
        }
        return table.toString();
    }

    void write() throws IOException {
        String kept = "";
        if (Files.exists(out)) {
            String existing = Files.readString(out);
            int at = existing.indexOf(KEPT_MARKER);
            if (at >= 0) {
                kept = existing.substring(at + KEPT_MARKER.length());
            }
        }
        Files.createDirectories(out.getParent());
        Files.writeString(chart(), svg());
        StringBuilder page = new StringBuilder();
        page.append("# Benchmarks\n\n");
        page.append("Written by the benchmark harness (`bench/`), ").append(plan.name()).append(" run, ")
            .append(started).append(" to ").append(finished).append(" (")
            .append(Duration.between(started, finished).toMinutes()).append(" min). Reproduce with:\n\n");
        page.append("```bash\n./mvnw -B -ntp -DskipTests package && java -jar bench/target/prefs-bench.jar")
            .append(plan.name().equals("quick") ? " --quick" : "").append("\n```\n\n");
        page.append("The harness starts the built jars as separate JVMs (`java -jar`, as a user would) on a fresh "
                    + "embedded PostgreSQL with fsync and synchronous commit on, loads the event store with COPY, and "
                    + "runs each HTTP workload against the service and, in the same run with the same load generator, "
                    + "against **the HTTP floor**: a minimal server inside the harness (the JDK's HTTP server, no "
                    + "framework) doing the same work on the same database: the same HS256 token check with the same "
                    + "library (Nimbus), then for GET the point select of the live read model's table and a JSON "
                    + "answer, for PATCH a read of the user's events, one appended (same table, same JSON), a commit. "
                    + "The ratio to the floor is the headline figure. A second, lower line sets the service against "
                    + "the database alone (the same SQL by JDBC from the harness, no HTTP, no token). Closed-loop "
                    + "latencies undercount stalls (a stalled connection sends nothing), so each HTTP workload also "
                    + "runs open loop at a fixed rate, its latencies counted from each request's intended start. "
                    + "Rates and latencies are medians of ").append(plan.rounds()).append(" rounds of ").append(Bench.format(plan.seconds()))
            .append(" s after ").append(Bench.format(plan.warmupSeconds())).append(" s of warm-up (")
            .append(plan.rebuildRounds()).append(" rounds for the rebuild); before the first PATCH round the service gets ")
            .append(Bench.format(plan.jitSeconds())).append(" s of mixed PATCH and GET traffic, so that its JIT has "
                    + "compiled the request path. **The load generator, the service and "
                    + "PostgreSQL share the machine's cores**, so the generator's own CPU share is stated below; "
                    + "the machine is shared with other work and noisy, which is why the ratio to the floor "
                    + "of the same run is the figure to compare across runs. The standalone service runs with `"
                    + Bench.HEAP + " --" + Bench.STANDBY_GRACE + "` so that the generations replaced by the rebuild rounds stop following "
                    + "events before the next load (by default they follow for 24 hours, for instant rollback), and "
                    + "with a JFR recording (`settings=default`) for the profile below.\n\n");
        if (!instrument.isEmpty()) {
            page.append("## The instrument\n\n");
            instrument.forEach(line -> page.append("- ").append(line).append('\n'));
            page.append('\n');
        }
        page.append("## Results\n\n").append(table()).append('\n');
        page.append("## Rebuild scaling\n\n![rebuild time against events](")
            .append(chart().getFileName()).append(")\n\n");
        page.append("| events | users | rebuild until switched in | events/s | seconds per million events |\n");
        page.append("| --- | --- | --- | --- | --- |\n");
        scaling.forEach((events, seconds) -> page.append("| ").append(String.format("%,d", events)).append(" | ")
                .append(String.format("%,d", events / EventLoader.EVENTS_PER_USER)).append(" | ")
                .append(Bench.format(seconds)).append(" s | ").append(Bench.rate(events / seconds)).append(" | ")
                .append(Bench.format(seconds / (events / 1e6))).append(" |\n"));
        page.append("\nThe live processors' catch-up after each load (every following build of both projections "
                    + "processing the newly loaded events through the ordinary event processors, not the bulk path):\n\n");
        catchUp.forEach((when, seconds) -> page.append("- ").append(when).append(": ").append(seconds).append('\n'));
        sections.forEach((title, body) -> page.append("\n## ").append(title).append("\n\n").append(body));
        if (!notes.isEmpty()) {
            page.append("\n## Notes from the run\n\n");
            notes.forEach(note -> page.append("- ").append(note).append('\n'));
        }
        if (!profile.isEmpty()) {
            page.append("\n## Where the standalone JVM spent its CPU\n\n");
            page.append("Top frames of the JFR execution samples over the whole run (all workloads together; "
                        + "`settings=default`):\n\n```\n");
            profile.forEach(line -> page.append(line).append('\n'));
            page.append("```\n");
        }
        page.append("\n## Machine\n\n");
        for (String line : machine()) {
            page.append("- ").append(line).append('\n');
        }
        page.append('\n').append(KEPT_MARKER);
        page.append(kept.isEmpty() ? "\n" : kept);
        Files.writeString(out, page.toString());
    }

    private List<String> machine() {
        List<String> lines = new ArrayList<>();
        lines.add("cores available to the JVM: " + Runtime.getRuntime().availableProcessors());
        lines.add("memory: " + firstLine(Path.of("/proc/meminfo"), "MemTotal"));
        lines.add("CPU: " + firstLine(Path.of("/proc/cpuinfo"), "model name"));
        lines.add("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        lines.add("PostgreSQL: " + postgres + " (embedded, zonky), on the same machine");
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", load average at "
                  + "the end " + String.format("%.2f", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
        return lines;
    }

    private static String firstLine(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Time against events, with the straight line through the origin and the largest point for reference. */
    String svg() {
        int width = 640;
        int height = 400;
        int left = 70;
        int bottom = 340;
        int right = 600;
        int top = 30;
        long maxEvents = scaling.keySet().stream().mapToLong(Long::longValue).max().orElse(1);
        double maxSeconds = scaling.values().stream().mapToDouble(Double::doubleValue).max().orElse(1) * 1.15;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
           .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(width / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">")
           .append("Rebuild of userpreferences until switched in (").append(plan.name()).append(" run)</text>\n");
        svg.append(line(left, bottom, right, bottom, "black")).append(line(left, bottom, left, top, "black"));
        for (int i = 0; i <= 4; i++) {
            double seconds = maxSeconds * i / 4;
            int y = (int) (bottom - (bottom - top) * i / 4.0);
            svg.append(line(left - 4, y, left, y, "black"));
            svg.append("<text x=\"").append(left - 8).append("\" y=\"").append(y + 4)
               .append("\" text-anchor=\"end\">").append(Bench.format(seconds)).append(" s</text>\n");
        }
        for (long events : scaling.keySet()) {
            int x = (int) (left + (right - left) * (double) events / maxEvents);
            svg.append(line(x, bottom, x, bottom + 4, "black"));
            svg.append("<text x=\"").append(x).append("\" y=\"").append(bottom + 18)
               .append("\" text-anchor=\"middle\">").append(Bench.millions(events)).append("</text>\n");
        }
        svg.append("<text x=\"").append((left + right) / 2).append("\" y=\"").append(bottom + 40)
           .append("\" text-anchor=\"middle\">events in the store</text>\n");
        // Linear reference: the largest point's time per event, from the origin.
        double perEvent = scaling.get(maxEvents) / maxEvents;
        int refY = (int) (bottom - (bottom - top) * (perEvent * maxEvents) / maxSeconds);
        svg.append("<line x1=\"").append(left).append("\" y1=\"").append(bottom).append("\" x2=\"").append(right)
           .append("\" y2=\"").append(refY).append("\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>\n");
        svg.append("<text x=\"").append(left + 10).append("\" y=\"").append(top + 14)
           .append("\" fill=\"#666\">dashed: linear in events, through the largest point</text>\n");
        StringBuilder path = new StringBuilder();
        for (Map.Entry<Long, Double> point : scaling.entrySet()) {
            int x = (int) (left + (right - left) * (double) point.getKey() / maxEvents);
            int y = (int) (bottom - (bottom - top) * point.getValue() / maxSeconds);
            path.append(path.isEmpty() ? "M" : " L").append(x).append(' ').append(y);
            svg.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"4\" fill=\"#1f77b4\"/>\n");
            svg.append("<text x=\"").append(x - 6).append("\" y=\"").append(y - 8).append("\" text-anchor=\"end\">")
               .append(Bench.format(point.getValue())).append(" s</text>\n");
        }
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String line(int x1, int y1, int x2, int y2, String colour) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"" + colour
               + "\"/>\n";
    }
}
