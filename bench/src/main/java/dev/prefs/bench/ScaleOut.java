package dev.prefs.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The split deployment past one process (issue 18): beside the split deployment's command side and query side, a
 * second of each on the same PostgreSQL. In one run it measures the PATCH rate through both command sides together
 * against one, the GET rate over both query sides against one, the read-your-writes lag across processes, how the
 * processors' segments split between the two query processes, and what a {@code kill -9} of the query process
 * holding the most segments costs under write load: the time until the other owns all its segments
 * ({@code token_entry.owner}) and the read-your-writes lag meanwhile. It only measures: an uneven split is reported,
 * not corrected.
 */
final class ScaleOut {

    /** A closed-loop run of the run's generator (wrk or the Java one) on the plan's connections. */
    interface Generator {
        HttpRun closed(Workload workload, double warmupSeconds, double seconds) throws Exception;
    }

    /** Starts one more process of the split deployment: a command side or a query side. */
    interface Starter {
        Service start(String name, boolean commandSide) throws Exception;
    }

    /** A segment claim: processor, segment, owner (null when nobody holds it). */
    record Claim(String processor, int segment, String owner) {
    }

    /** One read-your-writes sample of the takeover: when the PATCH's 2xx arrived, the lag, and whether it timed out. */
    private record Sample(long acknowledgedNanos, long lagNanos, boolean timedOut) {
    }

    /** How long a write may take to show before the sample counts as timed out. */
    private static final Duration SAMPLE_DEADLINE = Duration.ofSeconds(30);

    private final Bench.Plan plan;
    private final Database database;
    private final String token;
    private final int users;
    private final Generator generator;
    private final Consumer<HttpRun> record;
    private final Starter starter;
    private final List<Bench.Figure> figures;
    private final List<String> notes;
    private final UnitCosts units;
    /**
     * The generators' and samplers' threads: not the common pool, whose parallelism on two cores is one, which
     * would run the "concurrent" runs one after the other.
     */
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scale-out");
        thread.setDaemon(true);
        return thread;
    });
    /** The next pool of {@link Workload#PATCH_POOL} users for a PATCH run of this class. */
    private int pool;

    ScaleOut(Bench.Plan plan, Database database, String token, int users, int firstPool, Generator generator,
             Consumer<HttpRun> record, Starter starter, List<Bench.Figure> figures, List<String> notes,
             UnitCosts units) {
        this.plan = plan;
        this.database = database;
        this.token = token;
        this.users = users;
        this.pool = firstPool;
        this.generator = generator;
        this.record = record;
        this.starter = starter;
        this.figures = figures;
        this.notes = notes;
        this.units = units;
    }

    /** Runs it all beside the split deployment's {@code commands} and {@code queries}, which are up and caught up. */
    void run(Service commands, Service queries) throws Exception {
        try {
            measure(commands, queries);
        } finally {
            threads.shutdownNow();
        }
    }

    private void measure(Service commands, Service queries) throws Exception {
        int clients = plan.clients();
        // One process of each side: the split deployment as it is.
        Timed onePatch = patch(List.of(commands), List.of(queries));
        Timed oneGet = get(List.of(queries));
        try (Service commands2 = starter.start("command-side-2", true);
             Service queries2 = starter.start("query-side-2", false)) {
            commands2.awaitHealthy(Duration.ofMinutes(3));
            queries2.awaitHealthy(Duration.ofMinutes(3));
            awaitCaughtUp(queries2);
            // The new JVMs' JIT has compiled nothing yet; the first pair has served the split's workloads already.
            concurrently(List.of(Workload.patch(commands2.base(), users, pool++ * Workload.PATCH_POOL, token),
                    Workload.get(queries2.base(), users, token)), Math.max(plan.jitSeconds() / 3, plan.seconds()));
            List<Service> both = List.of(queries, queries2);
            Map<String, Integer> split = awaitSplit(both);
            Timed twoPatch = patch(List.of(commands, commands2), both);
            Timed twoGet = get(both);
            String connections = clients + " connections each (" + 2 * clients + " in all), one generator per"
                                 + " process, run at the same time";
            figures.add(new Bench.Figure("scale-out PATCH one user, distinct users, through two command sides"
                                         + " together (" + connections + "; one database)",
                    Bench.rate(twoPatch.rate()) + " /s (" + twoPatch.rates() + ")", Bench.rate(onePatch.rate())
                    + " /s (one command side, " + clients + " connections, in this run)",
                    Bench.ratio(twoPatch.rate() / onePatch.rate()), twoPatch.p50s(), twoPatch.p99s(),
                    "(no target: the capacity model's input)", ""));
            figures.add(new Bench.Figure("scale-out GET one user over two query sides together (" + connections
                                         + "; one database)",
                    Bench.rate(twoGet.rate()) + " /s (" + twoGet.rates() + ")", Bench.rate(oneGet.rate())
                    + " /s (one query side, " + clients + " connections, in this run)",
                    Bench.ratio(twoGet.rate() / oneGet.rate()), twoGet.p50s(), twoGet.p99s(),
                    "(no target: the capacity model's input)", ""));
            units.add("PATCH, split: one command side", "command-side", onePatch.operations(), "requests",
                    onePatch.commandCpu(), onePatch.runSeconds());
            units.add("PATCH, split: two command sides together", "both command sides", twoPatch.operations(),
                    "requests", twoPatch.commandCpu(), twoPatch.runSeconds());
            units.add("live processing of the events those PATCHes appended, split: one query side (wall: the"
                      + " PATCH run and the catch-up after it)", "query-side", onePatch.events(), "events",
                    onePatch.queryCpu(), onePatch.seconds());
            units.add("live processing of the events those PATCHes appended, split: two query sides", "both query"
                      + " sides", twoPatch.events(), "events", twoPatch.queryCpu(), twoPatch.seconds());
            units.add("GET, split: one query side", "query-side", oneGet.operations(), "requests",
                    oneGet.queryCpu(), oneGet.runSeconds());
            units.add("GET, split: two query sides together", "both query sides", twoGet.operations(), "requests",
                    twoGet.queryCpu(), twoGet.runSeconds());
            readYourWrites(List.of(commands, commands2), both);
            takeover(List.of(commands, commands2), both, split);
        }
    }

    // --- PATCH and GET ---

    /** What one or two concurrent closed-loop runs gave, and the CPU of the processes meanwhile. */
    private record Timed(List<HttpRun> runs, double commandCpu, double queryCpu, double seconds, long events) {

        double rate() {
            return runs.stream().mapToDouble(r -> r.result().rate()).sum();
        }

        /** The generators' wall time (the longest of the concurrent runs, warm-up included). */
        double runSeconds() {
            return runs.stream().mapToDouble(HttpRun::elapsedSeconds).max().orElse(0);
        }

        long operations() {
            return runs.stream().mapToLong(r -> r.result().operations()).sum();
        }

        String rates() {
            return String.join(" + ", runs.stream().map(r -> Bench.rate(r.result().rate())).toList());
        }

        String p50s() {
            return String.join(" / ", runs.stream().map(r -> Bench.millis(r.result().p50Millis())).toList());
        }

        String p99s() {
            return String.join(" / ", runs.stream().map(r -> Bench.millis(r.result().p99Millis())).toList());
        }
    }

    /** A PATCH run on each of {@code commands} at once (distinct users), then until {@code queries} caught up. */
    private Timed patch(List<Service> commands, List<Service> queries) throws Exception {
        // The warm-up patches users of its own, so that the measured run's PATCHes are changes too.
        List<Workload> warmUp = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();
        for (Service service : commands) {
            warmUp.add(Workload.patch(service.base(), users, pool++ * Workload.PATCH_POOL, token));
            workloads.add(Workload.patch(service.base(), users, pool++ * Workload.PATCH_POOL, token));
        }
        concurrently(warmUp, plan.warmupSeconds());
        long lastEvent = database.count("SELECT COALESCE(max(global_index), 0) FROM domain_event_entry");
        double commandBefore = cpu(commands);
        double queryBefore = cpu(queries);
        long started = System.nanoTime();
        List<HttpRun> runs = concurrently(workloads, plan.seconds());
        double commandCpu = cpu(commands) - commandBefore;
        for (Service query : queries) {
            awaitCaughtUp(query);
        }
        double queryCpu = cpu(queries) - queryBefore;
        long events = database.count("SELECT count(*) FROM domain_event_entry WHERE global_index > " + lastEvent);
        Timed timed = new Timed(runs, commandCpu, queryCpu, (System.nanoTime() - started) / 1e9, events);
        Bench.log("scale-out: PATCH through " + commands.size() + " command side(s): " + timed.rates() + " /s; "
                  + String.join("; ", runs.stream().map(HttpRun::describe).toList()));
        return timed;
    }

    private Timed get(List<Service> queries) throws Exception {
        List<Workload> workloads = queries.stream().map(q -> Workload.get(q.base(), users, token)).toList();
        concurrently(workloads, plan.warmupSeconds());
        double before = cpu(queries);
        long started = System.nanoTime();
        List<HttpRun> runs = concurrently(workloads, plan.seconds());
        Timed timed = new Timed(runs, 0, cpu(queries) - before, (System.nanoTime() - started) / 1e9, 0);
        Bench.log("scale-out: GET over " + queries.size() + " query side(s): " + timed.rates() + " /s; "
                  + String.join("; ", runs.stream().map(HttpRun::describe).toList()));
        return timed;
    }

    /** A closed-loop run of each workload at the same time, for {@code seconds} (no warm-up: the caller's runs it). */
    private List<HttpRun> concurrently(List<Workload> workloads, double seconds) throws Exception {
        List<CompletableFuture<HttpRun>> running = new ArrayList<>();
        for (Workload workload : workloads) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return generator.closed(workload, 0, seconds);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        List<HttpRun> runs = new ArrayList<>();
        for (CompletableFuture<HttpRun> run : running) {
            runs.add(run.get());
        }
        runs.forEach(record);
        for (HttpRun run : runs) {
            if (run.result().failures() > 0) {
                notes.add("scale-out: a run on " + runs.size() + " process(es) had " + run.result().failures()
                          + " failed requests, first: " + run.result().firstFailure());
            }
        }
        return runs;
    }

    private static double cpu(List<Service> services) {
        return services.stream().mapToDouble(Service::cpuSeconds).sum();
    }

    // --- read-your-writes across processes ---

    /** Writes through one command side, reads through the query side of the other pair: c1 → q2, c2 → q1. */
    private void readYourWrites(List<Service> commands, List<Service> queries) throws Exception {
        int samples = plan.rywSamples();
        long[] lags = new long[samples];
        long timeouts = 0;
        Random random = new Random(18);
        List<Api> writes = commands.stream().map(c -> new Api(c.base(), token)).toList();
        List<Api> reads = queries.stream().map(q -> new Api(q.base(), token)).toList();
        for (int i = 0; i < samples; i++) {
            String user = EventLoader.userId(random.nextInt(users));
            Api write = writes.get(i % 2);
            Api read = reads.get((i + 1) % 2);
            long version = write.patch(user, "{\"theme\":\"" + (i % 4 < 2 ? "light" : "dark") + "\"}");
            long acknowledged = System.nanoTime();
            if (!read.awaitVersion(user, version, Duration.ofSeconds(5))) {
                timeouts++;
            }
            lags[i] = System.nanoTime() - acknowledged;
        }
        Load.Result result = Load.summarise(lags, timeouts, 1, null);
        double max = java.util.Arrays.stream(lags).max().orElse(0) / 1e6;
        Bench.log("scale-out: read-your-writes across processes: p50 " + Bench.millis(result.p50Millis()) + ", p99 "
                  + Bench.millis(result.p99Millis()) + ", max " + Bench.millis(max) + ", " + timeouts + " over 5 s");
        double target = 200;
        figures.add(new Bench.Figure("scale-out read-your-writes lag across processes (PATCH 2xx on command side 1"
                                     + " → query side 2 shows it, and 2 → 1, alternately; " + samples + " writes)",
                "", "", "", Bench.millis(result.p50Millis()), Bench.millis(result.p99Millis()) + " (max "
                + Bench.millis(max) + ")", "p99 ≤ " + Bench.millis(target) + " (as the split deployment's)",
                result.p99Millis() <= target && timeouts == 0 ? "met" : "**missed**: p99 "
                + Bench.millis(result.p99Millis()) + (timeouts > 0 ? ", " + timeouts + " over 5 s" : "")));
    }

    // --- segments ---

    /** Every claim row of the processors someone holds a segment of (retired generations' rows are unheld). */
    private List<Claim> claims() throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT processor_name, segment, owner FROM token_entry
                      WHERE processor_name IN (SELECT processor_name FROM token_entry WHERE owner IS NOT NULL)
                      ORDER BY processor_name, segment""")) {
            while (rows.next()) {
                claims.add(new Claim(rows.getString(1), rows.getInt(2), rows.getString(3)));
            }
        }
        return claims;
    }

    /** The query process whose segment claims carry {@code owner} (Axon's node id, {@code pid@host}), or null. */
    private static Service ownerOf(String owner, List<Service> queries) {
        if (owner == null) {
            return null;
        }
        for (Service query : queries) {
            if (owner.startsWith(query.pid() + "@")) {
                return query;
            }
        }
        return null;
    }

    private static String label(String owner, List<Service> queries) {
        Service service = ownerOf(owner, queries);
        return owner == null ? "nobody" : service == null ? owner : "query side " + (queries.indexOf(service) + 1);
    }

    /** Segments per holder: query side 1, query side 2, nobody, or an owner neither is. */
    private static Map<String, Integer> count(List<Claim> claims, List<Service> queries) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Service query : queries) {
            counts.put("query side " + (queries.indexOf(query) + 1), 0);
        }
        for (Claim claim : claims) {
            counts.merge(label(claim.owner(), queries), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Whether each processor's segments are split as evenly as they can be between the two query processes (a
     * processor of one segment is held by one of them; which one holds it is not a matter of balance).
     */
    private static boolean even(List<Claim> claims, List<Service> queries) {
        Map<String, List<Claim>> byProcessor = new LinkedHashMap<>();
        claims.forEach(c -> byProcessor.computeIfAbsent(c.processor(), p -> new ArrayList<>()).add(c));
        for (List<Claim> segments : byProcessor.values()) {
            int[] held = new int[queries.size()];
            for (Claim claim : segments) {
                Service owner = ownerOf(claim.owner(), queries);
                if (owner == null) {
                    return false;
                }
                held[queries.indexOf(owner)]++;
            }
            if (Math.abs(held[0] - held[1]) > 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits, up to a deadline, until the second query process holds segments and every segment is held; then reports
     * how the segments split, per processor, and whether evenly. Returns the segments each holder has.
     */
    private Map<String, Integer> awaitSplit(List<Service> queries) throws Exception {
        double waitSeconds = Math.max(10, 2.5 * plan.seconds());
        long started = System.nanoTime();
        long deadline = started + (long) (waitSeconds * 1e9);
        List<Claim> claims = claims();
        while (System.nanoTime() < deadline && !even(claims, queries)) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            claims = claims();
        }
        double waited = (System.nanoTime() - started) / 1e9;
        Map<String, Integer> counts = count(claims, queries);
        boolean even = even(claims, queries);
        Map<String, List<String>> perProcessor = new LinkedHashMap<>();
        for (Claim claim : claims) {
            perProcessor.computeIfAbsent(claim.processor(), p -> new ArrayList<>())
                    .add(claim.segment() + ": " + label(claim.owner(), queries));
        }
        String detail = String.join("; ", perProcessor.entrySet().stream()
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList());
        Bench.log("scale-out: segments after " + Bench.format(waited) + " s: " + counts + "; " + detail);
        figures.add(new Bench.Figure("scale-out: the processors' segments between the two query processes"
                                     + " (token_entry.owner, " + claims.size() + " segments of "
                                     + perProcessor.size() + " processors), after " + Bench.format(waited)
                                     + " s of the second one running", counts.toString(), "", "", "", "",
                "each processor's segments split evenly (at most one apart)",
                even ? "met" : "**missed**: uneven"));
        if (!even) {
            notes.add("scale-out: the segments did not split evenly between the two query processes within "
                      + Bench.format(waitSeconds) + " s of the second one starting (healthy): " + counts
                      + ". Per processor: " + detail);
        }
        return counts;
    }

    // --- kill -9 ---

    /**
     * Kills the query process holding the most segments with SIGKILL while a closed-loop PATCH run and two
     * read-your-writes samplers (PATCH through either command side, read through the survivor) write; the time
     * from the kill until the survivor owns every segment the dead one held, and the lag meanwhile.
     */
    private void takeover(List<Service> commands, List<Service> queries, Map<String, Integer> split)
            throws Exception {
        Map<Service, List<Claim>> held = new LinkedHashMap<>();
        queries.forEach(q -> held.put(q, new ArrayList<>()));
        for (Claim claim : claims()) {
            Service owner = ownerOf(claim.owner(), queries);
            if (owner != null) {
                held.get(owner).add(claim);
            }
        }
        Service victim = held.get(queries.get(1)).size() >= held.get(queries.get(0)).size() ? queries.get(1)
                : queries.get(0);
        Service survivor = victim == queries.get(0) ? queries.get(1) : queries.get(0);
        List<Claim> dead = held.get(victim);
        if (dead.isEmpty()) {
            notes.add("scale-out: no query process held a segment the harness could attribute (owners " + split
                      + "); the kill -9 takeover was not measured");
            return;
        }
        String survivorOwner = null;
        double loadSeconds = Math.max(12, plan.seconds());
        Workload load = Workload.patch(commands.get(0).base(), users, pool++ * Workload.PATCH_POOL, token);
        CompletableFuture<HttpRun> background = CompletableFuture.supplyAsync(() -> {
            try {
                return generator.closed(load, 0, loadSeconds);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        AtomicBoolean stop = new AtomicBoolean();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> samplers = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            int sampler = s;
            samplers.add(CompletableFuture.runAsync(() -> sample(sampler, commands, survivor, stop, samples),
                    threads));
        }
        long loadStarted = System.nanoTime();
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        long killed = System.nanoTime();
        victim.kill();
        long deadline = killed + Duration.ofSeconds(60).toNanos();
        long takenOver = -1;
        while (System.nanoTime() < deadline) {
            Map<String, String> owners = new LinkedHashMap<>();
            claims().forEach(c -> owners.put(c.processor() + "/" + c.segment(), c.owner()));
            boolean all = true;
            for (Claim claim : dead) {
                String owner = owners.get(claim.processor() + "/" + claim.segment());
                if (ownerOf(owner, queries) != survivor) {
                    all = false;
                    break;
                }
                survivorOwner = owner;
            }
            if (all) {
                takenOver = System.nanoTime();
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        // A second more of writes after the takeover, so the samples show the lag settle.
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        stop.set(true);
        for (CompletableFuture<Void> sampler : samplers) {
            sampler.get();
        }
        HttpRun run = background.get();
        record.accept(run);
        boolean loadCovered = loadStarted + (long) (loadSeconds * 1e9) >= (takenOver < 0 ? deadline : takenOver);
        long end = takenOver < 0 ? deadline : takenOver;
        List<Sample> during = new ArrayList<>();
        long timeouts = 0;
        synchronized (samples) {
            for (Sample sample : samples) {
                if (sample.acknowledgedNanos() >= killed && sample.acknowledgedNanos() <= end) {
                    during.add(sample);
                }
                timeouts += sample.timedOut() ? 1 : 0;
            }
        }
        long[] lags = during.stream().mapToLong(Sample::lagNanos).toArray();
        Load.Result lag = Load.summarise(lags, 0, 1, null);
        double max = java.util.Arrays.stream(lags).max().orElse(0) / 1e6;
        double seconds = takenOver < 0 ? -1 : (takenOver - killed) / 1e9;
        String victimName = "query side " + (queries.indexOf(victim) + 1);
        Bench.log("scale-out: kill -9 of " + victimName + " (" + dead.size() + " segments): "
                  + (takenOver < 0 ? "not taken over within 60 s" : "the survivor (" + survivorOwner
                  + ") owned them all after " + Bench.format(seconds) + " s") + "; lag of the " + lags.length
                  + " writes meanwhile: p50 " + Bench.millis(lag.p50Millis()) + ", p99 " + Bench.millis(lag.p99Millis())
                  + ", max " + Bench.millis(max) + "; " + samples.size() + " samples in all, " + timeouts
                  + " over " + SAMPLE_DEADLINE.toSeconds() + " s; background PATCH " + run.describe());
        figures.add(new Bench.Figure("scale-out: kill -9 of the query process holding the most segments (" + victimName
                                     + ", " + dead.size() + " segments) under write load (closed-loop PATCH, "
                                     + plan.clients() + " connections, plus two read-your-writes writers through"
                                     + " both command sides): until the other owns all its segments"
                                     + " (token_entry.owner); p50/p99 = read-your-writes lag through the survivor"
                                     + " of the " + lags.length + " writes acknowledged meanwhile",
                takenOver < 0 ? "not within 60 s" : Bench.format(seconds) + " s", "", "",
                lags.length == 0 ? "" : Bench.millis(lag.p50Millis()), lags.length == 0 ? ""
                : Bench.millis(lag.p99Millis()) + " (max " + Bench.millis(max) + ")",
                "(no target; the defaults give about claim timeout 5 s + claim interval 1 s)",
                takenOver < 0 ? "**missed**: not taken over within 60 s" : ""));
        if (!loadCovered) {
            notes.add("scale-out: the takeover outlasted the background PATCH run (" + Bench.format(loadSeconds)
                      + " s); its end saw only the two read-your-writes writers");
        }
        if (timeouts > 0) {
            notes.add("scale-out: during the kill -9 takeover, " + timeouts + " writes did not show through the"
                      + " survivor within " + SAMPLE_DEADLINE.toSeconds() + " s");
        }
        if (run.result().failures() > 0) {
            notes.add("scale-out: the PATCH load during the kill -9 had " + run.result().failures()
                      + " failed requests, first: " + run.result().firstFailure());
        }
    }

    /** Writes distinct-ish users (random) through the command sides in turn until stopped, each read until seen. */
    private void sample(int sampler, List<Service> commands, Service survivor, AtomicBoolean stop,
                        List<Sample> samples) {
        Random random = new Random(1800 + sampler);
        List<Api> writes = commands.stream().map(c -> new Api(c.base(), token)).toList();
        Api read = new Api(survivor.base(), token);
        int n = 0;
        while (!stop.get()) {
            String user = EventLoader.userId(random.nextInt(users));
            try {
                long version = writes.get((sampler + n++) % 2).patch(user, "{\"theme\":\""
                        + (n % 2 == 0 ? "light" : "dark") + "\"}");
                long acknowledged = System.nanoTime();
                long deadline = acknowledged + SAMPLE_DEADLINE.toNanos();
                boolean timedOut = false;
                while (read.read(user) < version) {
                    if (System.nanoTime() > deadline) {
                        timedOut = true;
                        break;
                    }
                }
                samples.add(new Sample(acknowledged, System.nanoTime() - acknowledged, timedOut));
            } catch (IOException | RuntimeException e) {
                // The killed process is never written to or read from; a failure here is the service's, so note it.
                synchronized (notes) {
                    notes.add("scale-out: a read-your-writes sample during the kill -9 failed: " + e);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // --- catch-up ---

    /** Waits until every following build on {@code queries} has lag 0 (a minute at most). */
    private void awaitCaughtUp(Service queries) throws Exception {
        new Api(queries.base(), token).awaitCaughtUp(Duration.ofMinutes(1), Duration.ofMillis(50));
    }
}
