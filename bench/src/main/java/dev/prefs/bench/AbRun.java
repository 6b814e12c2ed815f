package dev.prefs.bench;

import dev.prefs.platform.crypto.MasterKeys;
import dev.prefs.platform.security.JwtTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One lever, measured alone: the standalone without and with one setting ({@code --ab=name=value}), A B A B…, each on
 * a fresh embedded PostgreSQL, loaded by COPY with the same events once the service is up. Each variant reports how
 * long its ordinary processors take to catch up that backlog, then a closed-loop PATCH and GET run with the
 * same generator as the benchmark. It prints a table; it writes no page.
 * <p>
 * {@code java -jar bench/target/prefs-bench.jar --ab=prefs.query.projections.synchronous-commit=off
 * [--ab-events=200000] [--ab-rounds=2]}
 */
final class AbRun {

    private final Path repository;
    private final String setting;
    private final long events;
    private final int rounds;
    private final Path work;
    private final String secret;
    private final String token;

    AbRun(Path repository, String setting, long events, int rounds) throws Exception {
        this.repository = repository.toAbsolutePath().normalize();
        this.setting = setting;
        this.events = events;
        this.rounds = rounds;
        this.work = Files.createTempDirectory("prefs-ab");
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        this.secret = Base64.getEncoder().encodeToString(bytes);
        this.token = JwtTokens.mint(secret, "bench", true, Duration.ofHours(12));
    }

    /** What one variant gave. */
    record Outcome(String variant, double catchUpSeconds, HttpRun patch, HttpRun get) {
    }

    List<Outcome> run() throws Exception {
        Wrk wrk = Wrk.find() != null ? Wrk.prepare(work, 2) : null;
        Bench.log("A/B of --" + setting + " over " + rounds + " rounds, " + events + " events, generator "
                  + (wrk != null ? wrk.name() : JavaGenerator.NAME) + "; work folder " + work);
        List<Outcome> outcomes = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (boolean withSetting : new boolean[] {false, true}) {
                outcomes.add(variant(round, withSetting, wrk));
            }
        }
        System.out.println();
        System.out.println("| variant | catch-up of " + Bench.millions(events) + " events | events/s | PATCH /s | PATCH p99"
                           + " | GET /s | GET p99 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Outcome o : outcomes) {
            System.out.println("| " + o.variant() + " | " + Bench.format(o.catchUpSeconds()) + " s | "
                               + Bench.rate(events / o.catchUpSeconds()) + " | " + Bench.rate(o.patch().result().rate())
                               + " | " + Bench.millis(o.patch().result().p99Millis()) + " | "
                               + Bench.rate(o.get().result().rate()) + " | "
                               + Bench.millis(o.get().result().p99Millis()) + " |");
        }
        return outcomes;
    }

    private Outcome variant(int round, boolean withSetting, Wrk wrk) throws Exception {
        String name = (withSetting ? "B: --" + setting : "A: as is") + ", round " + (round + 1);
        try (Database database = Database.start(work.resolve("postgres-" + round + (withSetting ? "b" : "a")))) {
            // The service's master key: the loader wraps the users' keys with it, as the service does.
            String masterKey = MasterKeys.generate();
            EventLoader loader = new EventLoader(database, masterKey);
            Map<String, String> env = Map.of("SPRING_DATASOURCE_URL", database.url(), "SPRING_DATASOURCE_USERNAME",
                    database.username(), "SPRING_DATASOURCE_PASSWORD", "", "PREFS_JWT_SECRET", secret, "PREFS_MASTER_KEY",
                    masterKey);
            List<String> arguments = new ArrayList<>(List.of("--" + Bench.STANDBY_GRACE));
            if (withSetting) {
                arguments.add("--" + setting);
            }
            Path jar = repository.resolve("standalone/target/prefs-standalone.jar");
            try (Service service = Service.start("ab-" + round + (withSetting ? "b" : "a"), jar, work, env,
                    List.of(Bench.HEAP), arguments)) {
                service.awaitHealthy(Duration.ofMinutes(3));
                // Loaded under the running service, as the benchmark does: its ordinary processors catch up.
                loader.loadUntil(events);
                long started = System.nanoTime();
                awaitCaughtUp(service);
                double catchUp = (System.nanoTime() - started) / 1e9;
                Bench.log(name + ": caught up " + events + " events in " + Bench.format(catchUp) + " s");
                Workload patch = Workload.patch(service.base(), loader.users(), 0, token);
                Workload get = Workload.get(service.base(), loader.users(), token);
                HttpRun patchRun = wrk != null ? wrk.closed(patch, 8, 5, 10) : JavaGenerator.closed(patch, 8, 5, 10);
                HttpRun getRun = wrk != null ? wrk.closed(get, 8, 5, 10) : JavaGenerator.closed(get, 8, 5, 10);
                Bench.log(name + ": PATCH " + patchRun.describe() + "; GET " + getRun.describe());
                return new Outcome(name, catchUp, patchRun, getRun);
            }
        }
    }

    private void awaitCaughtUp(Service service) throws Exception {
        new Api(service.base(), token).awaitCaughtUp(Duration.ofMinutes(20), Duration.ofMillis(200));
    }
}
