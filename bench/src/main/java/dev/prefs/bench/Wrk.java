package dev.prefs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator of choice: {@code wrk} (Debian's package), an event-loop C client that costs the machine far
 * less per request than any JVM client. Each workload is a Lua script from {@code bench/src/main/resources/wrk},
 * written to the work folder with {@code report.lua} appended: its {@code done()} prints one line with the counts,
 * the latency percentiles and wrk's own CPU time.
 */
final class Wrk {

    static final String INSTALL = "wrk is not installed: install it with `sudo apt-get install -y wrk` (Debian,"
                                  + " Ubuntu; `brew install wrk` on macOS)";
    private static final String MARK = "PREFS-WRK ";

    private final Path executable;
    private final Path scripts;
    private final int threads;
    private final String version;

    private Wrk(Path executable, Path scripts, int threads, String version) {
        this.executable = executable;
        this.scripts = scripts;
        this.threads = threads;
        this.version = version;
    }

    /** The wrk on the PATH, or null (the caller says {@link #INSTALL}). */
    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(folder, "wrk");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A wrk with {@code threads} threads whose scripts are written under {@code work}; throws when none is installed. */
    static Wrk prepare(Path work, int threads) throws IOException, InterruptedException {
        Path executable = find();
        if (executable == null) {
            throw new IllegalStateException(INSTALL);
        }
        Path scripts = Files.createDirectories(work.resolve("wrk"));
        String report = resource("report.lua");
        for (String name : List.of("get", "patch", "fixed")) {
            Files.writeString(scripts.resolve(name + ".lua"), resource(name + ".lua") + report);
        }
        Process probe = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        probe.waitFor(10, TimeUnit.SECONDS);
        String version = output.lines().findFirst().orElse("wrk").replaceAll("\\s*Copyright.*", "").trim();
        return new Wrk(executable, scripts, threads, version);
    }

    String name() {
        return version + ", " + threads + " threads";
    }

    /** Closed loop on {@code connections} keep-alive connections: a warm-up run, then the measured one. */
    HttpRun closed(Workload workload, int connections, double warmupSeconds, double seconds)
            throws IOException, InterruptedException {
        if (warmupSeconds > 0) {
            run(workload, connections, warmupSeconds);
        }
        return run(workload, connections, seconds);
    }

    private HttpRun run(Workload workload, int connections, double seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, Math.round(seconds)) + "s", "--timeout", "10s", "-s",
                scripts.resolve((workload.kind() == Workload.Kind.EXPLAIN ? "get" : workload.kind().name().toLowerCase())
                                + ".lua").toString(),
                workload.base() + (workload.kind() == Workload.Kind.FIXED ? Workload.FIXED_PATH : "/"), "--"));
        switch (workload.kind()) {
            case FIXED -> command.add(workload.token());
            case GET, EXPLAIN -> command.addAll(List.of(String.valueOf(workload.users()), workload.token(),
                    Workload.USER_PREFIX, workload.kind().suffix));
            case PATCH -> command.addAll(List.of(String.valueOf(workload.users()), workload.token(),
                    Workload.USER_PREFIX, String.valueOf(workload.offset()), String.valueOf(Workload.PATCH_POOL),
                    String.valueOf(threads)));
        }
        Cpu.Reading before = Cpu.machine();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor((long) seconds + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish: " + output);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Cpu.Reading after = Cpu.machine();
        String line = output.lines().filter(l -> l.startsWith(MARK)).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result (exit " + process.exitValue()
                                                             + "): " + output));
        Map<String, Double> values = new HashMap<>();
        for (String pair : line.substring(MARK.length()).trim().split("\\s+")) {
            int at = pair.indexOf('=');
            values.put(pair.substring(0, at), Double.parseDouble(pair.substring(at + 1)));
        }
        double requests = values.get("requests");
        double duration = values.get("duration_us") / 1e6;
        long socketErrors = (long) (values.get("connect") + values.get("read") + values.get("write")
                                    + values.get("timeout"));
        long statusErrors = values.get("status").longValue();
        long failures = socketErrors + statusErrors;
        String firstFailure = failures == 0 ? null
                : statusErrors + " answers not 2xx or 3xx, " + socketErrors + " socket errors or timeouts";
        // wrk's rate counts every completed request, its errors included; the rate here counts the good ones.
        double good = requests - statusErrors;
        Load.Result result = new Load.Result((long) good, failures, duration, good / duration,
                values.get("p50_us") / 1e3, values.get("p99_us") / 1e3, firstFailure);
        double ticks = values.get("cpu_ticks");
        return new HttpRun("wrk", result, values.get("p999_us") / 1e3, values.get("max_us") / 1e3,
                ticks < 0 ? Double.NaN : ticks / Cpu.TICKS_PER_SECOND, after.busySince(before), elapsed,
                Runtime.getRuntime().availableProcessors());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Wrk.class.getResourceAsStream("/wrk/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the harness lacks its wrk script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
