package dev.prefs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prefs.platform.crypto.MasterKeys;
import dev.prefs.platform.security.JwtTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What encryption of the event store costs, like for like: in one run on one machine, the same PATCH, GET and
 * rebuild workloads (the same generator, the same sizes) against the standalone of the release before encryption
 * (events loaded in clear, as it wrote them) and against this release's standalone (events loaded encrypted, as it
 * writes them), each on a fresh embedded PostgreSQL. It writes a markdown table (workload, before encryption, with
 * encryption, ratio) and the commands to reproduce it.
 * <p>
 * {@code java -jar bench/target/prefs-bench.jar --encryption-cost=<checkout of 5211e7c~1, packaged>
 * [--encryption-cost-events=1000000] [--encryption-cost-rounds=1] [--out=<markdown file>]}
 */
final class EncryptionCost {

    static final String BEFORE_COMMIT = "5211e7c~1";
    private static final String JAR = "standalone/target/prefs-standalone.jar";
    private static final int CLIENTS = 8;
    private static final double JIT_SECONDS = 20;
    private static final double WARMUP_SECONDS = 3;
    private static final double SECONDS = 15;

    private final Path repository;
    private final Path before;
    private final long events;
    private final int rounds;
    private final Path out;
    private final Path work;
    private final String secret;
    private final String token;

    /** Whether {@code args} ask for this run rather than the benchmark. */
    static boolean wanted(String[] args) {
        return java.util.Arrays.stream(args).anyMatch(arg -> arg.startsWith("--encryption-cost="));
    }

    /** Runs it with {@code args}: {@code --encryption-cost=}, and optionally its size, rounds, repository, out. */
    static void main(String[] args) throws Exception {
        Path repository = Path.of(".");
        Path before = null;
        Path out = null;
        long events = 1_000_000;
        int rounds = 1;
        for (String arg : args) {
            if (arg.startsWith("--encryption-cost=")) {
                before = Path.of(arg.substring("--encryption-cost=".length()));
            } else if (arg.startsWith("--encryption-cost-events=")) {
                events = Long.parseLong(arg.substring("--encryption-cost-events=".length()));
            } else if (arg.startsWith("--encryption-cost-rounds=")) {
                rounds = Integer.parseInt(arg.substring("--encryption-cost-rounds=".length()));
            } else if (arg.startsWith("--repository=")) {
                repository = Path.of(arg.substring("--repository=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else {
                System.err.println("Usage: java -jar bench/target/prefs-bench.jar --encryption-cost=<packaged checkout"
                                   + " of " + BEFORE_COMMIT + "> [--encryption-cost-events=N]"
                                   + " [--encryption-cost-rounds=N] [--repository=<repo root>] [--out=<markdown file>]");
                System.exit(2);
            }
        }
        new EncryptionCost(repository, before, events, rounds, out).run();
    }

    EncryptionCost(Path repository, Path before, long events, int rounds, Path out) throws IOException {
        this.repository = repository.toAbsolutePath().normalize();
        this.before = before.toAbsolutePath().normalize();
        this.events = events;
        this.rounds = rounds;
        this.out = out == null ? null : out.toAbsolutePath().normalize();
        this.work = Files.createTempDirectory("prefs-encryption-cost");
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        this.secret = Base64.getEncoder().encodeToString(bytes);
        this.token = JwtTokens.mint(secret, "bench", true, Duration.ofHours(12));
    }

    /** What one release gave: PATCH and GET closed-loop runs, the rebuilds' seconds, the load's seconds. */
    record Outcome(String release, List<HttpRun> patches, List<HttpRun> gets, List<Double> rebuilds,
                   double loadSeconds) {
    }

    String run() throws Exception {
        for (Path jar : List.of(before.resolve(JAR), repository.resolve(JAR))) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: package that checkout first (" + commands() + ")");
            }
        }
        Wrk wrk = Wrk.find() != null ? Wrk.prepare(work, 2) : null;
        String generator = wrk != null ? wrk.name() : JavaGenerator.NAME;
        Bench.log("encryption cost: " + Bench.millions(events) + " events, " + rounds + " round(s), generator "
                  + generator + "; before: " + before + "; work folder " + work);
        Outcome clear = new Outcome("before", new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0);
        Outcome sealed = new Outcome("with", new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0);
        double clearLoad = 0;
        double sealedLoad = 0;
        // Alternating, so a machine getting busier or quieter does not favour one release.
        for (int round = 0; round < rounds; round++) {
            clearLoad = variant(round, false, wrk, clear);
            sealedLoad = variant(round, true, wrk, sealed);
        }
        String table = table(new Outcome("before", clear.patches(), clear.gets(), clear.rebuilds(), clearLoad),
                new Outcome("with", sealed.patches(), sealed.gets(), sealed.rebuilds(), sealedLoad), generator);
        if (out != null) {
            Files.writeString(out, table);
            Bench.log("Wrote " + out);
        }
        System.out.println();
        System.out.println(table);
        return table;
    }

    private double variant(int round, boolean encrypted, Wrk wrk, Outcome into) throws Exception {
        String name = (encrypted ? "with encryption" : "before encryption") + ", round " + (round + 1);
        Path jar = (encrypted ? repository : before).resolve(JAR);
        String masterKey = MasterKeys.generate();
        try (Database database = Database.start(work.resolve("postgres-" + round + (encrypted ? "-with" : "-before")));
             EventLoader loader = encrypted ? new EventLoader(database, masterKey) : EventLoader.clear(database)) {
            // The release before encryption ignores PREFS_MASTER_KEY.
            Map<String, String> env = Map.of("SPRING_DATASOURCE_URL", database.url(), "SPRING_DATASOURCE_USERNAME",
                    database.username(), "SPRING_DATASOURCE_PASSWORD", "", "PREFS_JWT_SECRET", secret,
                    "PREFS_MASTER_KEY", masterKey);
            try (Service service = Service.start("cost-" + round + (encrypted ? "-with" : "-before"), jar, work, env,
                    List.of(Bench.HEAP), List.of("--" + Bench.STANDBY_GRACE))) {
                service.awaitHealthy(Duration.ofMinutes(3));
                // Loaded once Flyway has run (the keys' tables are the service's), under the running service.
                double load = loader.loadUntil(events);
                Bench.log(name + ": loaded " + loader.events() + " events in " + Bench.format(load) + " s ("
                          + Bench.rate(loader.events() / load) + " events/s)");
                awaitCaughtUp(service);
                int users = loader.users();
                // The JIT first, on users the measured runs do not patch.
                closed(wrk, Workload.patch(service.base(), users, 2 * Workload.PATCH_POOL, token), JIT_SECONDS / 2);
                closed(wrk, Workload.get(service.base(), users, token), JIT_SECONDS / 2);
                HttpRun patch = closed(wrk, Workload.patch(service.base(), users, 0, token), WARMUP_SECONDS);
                HttpRun get = closed(wrk, Workload.get(service.base(), users, token), WARMUP_SECONDS);
                awaitCaughtUp(service);
                double rebuild = rebuild(service);
                Bench.log(name + ": PATCH " + patch.describe() + "; GET " + get.describe() + "; rebuild of "
                          + Bench.millions(loader.events()) + " events " + Bench.format(rebuild) + " s");
                into.patches().add(patch);
                into.gets().add(get);
                into.rebuilds().add(rebuild);
                return load;
            }
        }
    }

    private static HttpRun closed(Wrk wrk, Workload workload, double warmup) throws Exception {
        return wrk != null ? wrk.closed(workload, CLIENTS, warmup, SECONDS)
                : JavaGenerator.closed(workload, CLIENTS, warmup, SECONDS);
    }

    /** One rebuild of userpreferences, until switched in; its seconds. */
    private double rebuild(Service service) throws Exception {
        Api api = new Api(service.base(), token);
        long started = System.nanoTime();
        HttpResponse<String> accepted = api.send("POST", "/admin/projections/userpreferences/rebuild", null, null);
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("rebuild answered " + accepted.statusCode() + ": " + accepted.body());
        }
        String jobId = Api.json(accepted).get("jobId").asText();
        long deadline = started + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = api.json("/admin/rebuilds/" + jobId);
            String state = job.get("state").asText();
            if (state.equals("switched")) {
                return (System.nanoTime() - started) / 1e9;
            }
            if (state.equals("failed") || state.equals("cancelled")) {
                throw new IllegalStateException("rebuild " + jobId + " " + state + ": " + job.get("error"));
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new IllegalStateException("rebuild " + jobId + " did not switch in within 30 minutes");
    }

    private void awaitCaughtUp(Service service) throws Exception {
        new Api(service.base(), token).awaitCaughtUp(Duration.ofMinutes(30), Duration.ofMillis(200));
    }

    private String table(Outcome clear, Outcome sealed, String generator) {
        StringBuilder page = new StringBuilder();
        page.append("### What encryption costs\n\n")
            .append("The release before encryption (").append(BEFORE_COMMIT).append(", events loaded in clear, as it ")
            .append("wrote them) and this release (events loaded encrypted: pseudonym, payload and metadata sealed ")
            .append("with each user's data key), one after the other on this machine, each on a fresh embedded ")
            .append("PostgreSQL with ").append(Bench.millions(events)).append(" events (")
            .append(Bench.millions(events / EventLoader.EVENTS_PER_USER)).append(" users); ").append(rounds)
            .append(rounds == 1 ? " round" : " rounds, medians").append("; ").append(generator).append(", ")
            .append(CLIENTS).append(" connections, ").append(Bench.format(SECONDS)).append(" s per run after ")
            .append(Bench.format(JIT_SECONDS)).append(" s of JIT warm-up.\n\n")
            .append("| workload | before encryption | with encryption | ratio (with / before) |\n")
            .append("| --- | --- | --- | --- |\n");
        row(page, "PATCH one user over HTTP, " + CLIENTS + " connections, distinct users (/s)",
                rate(clear.patches()), rate(sealed.patches()), true);
        row(page, "PATCH p99 (ms)", p99(clear.patches()), p99(sealed.patches()), false);
        row(page, "GET one user over HTTP, " + CLIENTS + " connections (/s)", rate(clear.gets()), rate(sealed.gets()),
                true);
        row(page, "GET p99 (ms)", p99(clear.gets()), p99(sealed.gets()), false);
        double before = Bench.median(clear.rebuilds());
        double with = Bench.median(sealed.rebuilds());
        page.append("| rebuild of userpreferences from ").append(Bench.millions(events)).append(" events, until ")
            .append("switched in (events/s) | ").append(Bench.rate(events / before)).append(" | ")
            .append(Bench.rate(events / with)).append(" | ").append(Bench.ratio(before / with)).append(" |\n");
        page.append("| COPY load of the events by the harness (events/s) | ")
            .append(Bench.rate(events / clear.loadSeconds())).append(" | ")
            .append(Bench.rate(events / sealed.loadSeconds())).append(" | ")
            .append(Bench.ratio(clear.loadSeconds() / sealed.loadSeconds())).append(" |\n\n");
        page.append("To reproduce, from the repository's root:\n\n```\n").append(commands()).append("\n```\n");
        return page.toString();
    }

    private static void row(StringBuilder page, String workload, double before, double with, boolean rate) {
        page.append("| ").append(workload).append(" | ").append(rate ? Bench.rate(before) : Bench.ratio(before))
            .append(" | ").append(rate ? Bench.rate(with) : Bench.ratio(with)).append(" | ")
            .append(Bench.ratio(with / before)).append(" |\n");
    }

    private static double rate(List<HttpRun> runs) {
        return Bench.median(runs.stream().map(r -> r.result().rate()).toList());
    }

    private static double p99(List<HttpRun> runs) {
        return Bench.median(runs.stream().map(r -> r.result().p99Millis()).toList());
    }

    private String commands() {
        return "git worktree add ../prefs-before-encryption " + BEFORE_COMMIT + " && (cd ../prefs-before-encryption"
               + " && ./mvnw -B -ntp -DskipTests package)\n./mvnw -B -ntp -DskipTests package\n"
               + "java -jar bench/target/prefs-bench.jar --encryption-cost=../prefs-before-encryption"
               + " --encryption-cost-events=" + events + " --encryption-cost-rounds=" + rounds
               + (out != null ? " --out=" + repository.relativize(out) : "")
               + "\ngit worktree remove ../prefs-before-encryption";
    }
}
