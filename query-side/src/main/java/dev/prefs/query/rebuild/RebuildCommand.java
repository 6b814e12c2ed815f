package dev.prefs.query.rebuild;

import dev.prefs.query.projection.JobState;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.RegisteredBuild;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code rebuild <name> [--version=N] [--force]} on the command line: runs a rebuild of the projection (its live
 * version unless told) to its end in this
 * process (no web server, see {@link RebuildCommandRunListener}) with a one-line progress bar, then exits 0 once the
 * new build is switched in, or non-zero with the reason: 2 unknown projection, 3 a rebuild already running
 * elsewhere, 4 the cut-over refused because of dead letters, 1 the job failed.
 */
final class RebuildCommand implements ApplicationRunner {

    static final String COMMAND = "rebuild";

    private final ConfigurableApplicationContext context;
    private final RebuildJobs jobs;
    private final ProjectionRegistry registry;
    private final BuildFiguresReader figures;
    private final PrintStream out;
    private final Duration refresh;

    RebuildCommand(ConfigurableApplicationContext context, RebuildJobs jobs, ProjectionRegistry registry,
                   BuildFiguresReader figures, PrintStream out, Duration refresh) {
        this.context = context;
        this.jobs = jobs;
        this.registry = registry;
        this.figures = figures;
        this.out = out;
        this.refresh = refresh;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        List<String> words = args.getNonOptionArgs();
        if (words.isEmpty() || !COMMAND.equals(words.get(0))) {
            return;
        }
        List<String> version = args.getOptionValues("version");
        boolean valid = words.size() == 2
                        && (version == null || version.size() == 1 && version.get(0).matches("\\d{1,9}"));
        int code = valid ? rebuild(words.get(1), version == null ? null : Integer.valueOf(version.get(0)),
                args.containsOption("force")) : usage();
        System.exit(SpringApplication.exit(context, () -> code));
    }

    private int usage() {
        out.println("usage: rebuild <projection name> [--version=N] [--force]");
        return 2;
    }

    int rebuild(String name, Integer version, boolean force) throws InterruptedException {
        UUID jobId;
        Optional<UUID> tookOver = jobs.tookOver(name).filter(job -> version == null
                || registry.job(job).map(build -> build.version() == version).orElse(false));
        if (tookOver.isPresent()) {
            // A job killed earlier that this process took over at start-up, perhaps already done: see it to its end
            // rather than start another.
            out.println("rebuild " + name + ": resuming job " + tookOver.get());
            jobId = tookOver.get();
        } else {
            try {
                jobId = jobs.start(name, version, force).jobId();
            } catch (RebuildProblem problem) {
                UUID running = problem.runningJob();
                if (running == null || !jobs.runsHere(running)) {
                    out.println("rebuild " + name + ": " + problem.getBody().getDetail());
                    return running == null ? 2 : 3;
                }
                // A job killed earlier that this process took over at start-up: see it to its end.
                out.println("rebuild " + name + ": resuming job " + running);
                jobId = running;
            }
        }
        while (true) {
            RegisteredBuild build = registry.job(jobId).orElseThrow();
            BuildFigures f = figures.figures(build);
            out.print("\r" + line(build, f));
            out.flush();
            JobState state = build.jobState() == null ? JobState.RUNNING : build.jobState();
            switch (state) {
                case SWITCHED -> {
                    out.println();
                    out.println("switched: " + name + " reads from " + build.table() + " (version "
                                + build.version() + ", generation " + build.generation() + ")");
                    return 0;
                }
                case FAILED, CANCELLED -> {
                    out.println();
                    out.println("rebuild " + name + " " + state.text() + ": " + build.error());
                    return 1;
                }
                case CAUGHT_UP -> {
                    if (build.error() != null && f.deadLetters() > 0) {
                        out.println();
                        out.println("rebuild " + name + ": " + build.error());
                        return 4;
                    }
                }
                case RUNNING -> {
                    // still running
                }
            }
            Thread.sleep(refresh.toMillis());
        }
    }

    static String line(RegisteredBuild build, BuildFigures f) {
        int width = 30;
        int filled = (int) Math.round(f.progress() * width);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String eta = f.eta() == null ? "?" : f.eta().toSeconds() + "s";
        if (build.bulkFinished()) {
            return String.format(Locale.ROOT, "[%s] %,d/%,d events, following: lag %,d    ", bar,
                    build.processed(), build.total(), f.lag());
        }
        return String.format(Locale.ROOT, "[%s] %,d/%,d events  %,.0f events/s  ETA %s    ", bar,
                build.processed(), build.total(), f.eventsPerSecond(), eta);
    }
}
