package dev.prefs.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.locks.LockSupport;

/**
 * What a catch-up after a COPY load waits for: loads {@code events} events under a running standalone, several
 * times, and prints every following build's lag, position and rate every 100 ms until all are caught up, so a tail
 * where nothing moves shows as such. {@code java -jar bench/target/prefs-bench.jar --probe-catch-up[=20000] [--probe-rebuild-first=100000]}.
 * {@code -Dprobe.loads=N} (default 3) sets the number of loads, {@code -Dprobe.jvm="..."} adds options to the
 * service's JVM (an A/B of a JVM setting); the service's GC log is in the probe's work folder.
 */
final class CatchUpProbe {

    private CatchUpProbe() {
    }

    /**
     * With {@code rebuildFirst > 0}: first loads that many events, waits for the catch-up and rebuilds
     * userpreferences once (the generation it replaces stays on standby for 30 s), as the full run does before its
     * large loads; then the loads as above.
     */
    static void run(Path repository, long events, int loads, long rebuildFirst) throws Exception {
        Path work = Files.createTempDirectory("prefs-probe");
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getEncoder().encodeToString(bytes);
        String token = JwtTokens.mint(secret, "bench", true, Duration.ofHours(1));
        try (Database database = Database.start(work.resolve("postgres"))) {
            // The service's master key: the loader wraps the users' keys with it, as the service does.
            String masterKey = MasterKeys.generate();
            EventLoader loader = new EventLoader(database, masterKey);
            Map<String, String> env = Map.of("SPRING_DATASOURCE_URL", database.url(), "SPRING_DATASOURCE_USERNAME",
                    database.username(), "SPRING_DATASOURCE_PASSWORD", "", "PREFS_JWT_SECRET", secret, "PREFS_MASTER_KEY",
                    masterKey);
            try (Service service = Service.start("probe", repository.toAbsolutePath().normalize()
                    .resolve("standalone/target/prefs-standalone.jar"), work, env, jvm(work),
                    List.of("--" + Bench.STANDBY_GRACE))) {
                service.awaitHealthy(Duration.ofMinutes(3));
                Api api = new Api(service.base(), token);
                if (rebuildFirst > 0) {
                    loader.loadUntil(rebuildFirst);
                    awaitCaughtUp(api, "the first " + rebuildFirst + " events");
                    rebuild(api);
                }
                for (int load = 1; load <= loads; load++) {
                    loader.loadUntil(rebuildFirst + events * load);
                    Bench.log("loaded " + events + " events (load " + load + "); the store holds " + loader.events());
                    awaitCaughtUp(api, "load " + load);
                }
            }
        }
    }

    private static List<String> jvm(Path work) {
        List<String> jvm = new ArrayList<>(List.of(Bench.HEAP, "-Xlog:gc:file=" + work.resolve("probe-gc.log")));
        String extra = System.getProperty("probe.jvm", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        return jvm;
    }

    private static void awaitCaughtUp(Api api, String what) throws Exception {
        long started = System.nanoTime();
        String last = "";
        while (true) {
            List<String> lagging = new ArrayList<>();
            for (JsonNode projection : api.json("/admin/projections")) {
                for (JsonNode build : projection.get("versions")) {
                    String status = build.get("status").asText();
                    if (!status.equals("retired")) {
                        lagging.add(build.get("processingGroup").asText() + " " + status + " lag "
                                    + build.get("lag").asLong() + " @" + build.path("position").asText()
                                    + " " + Bench.rate(build.path("eventsPerSecond").asDouble()) + "/s");
                    }
                }
            }
            String line = String.join("; ", lagging);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!line.equals(last)) {
                System.out.println(String.format("%6.1f s  ", seconds) + line);
                last = line;
            }
            if (lagging.stream().allMatch(l -> l.contains(" lag 0 "))) {
                Bench.log("caught up after " + what + " in " + Bench.format(seconds) + " s");
                return;
            }
            if (seconds > 300) {
                throw new IllegalStateException("no catch-up within 5 minutes after " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static void rebuild(Api api) throws Exception {
        long started = System.nanoTime();
        var accepted = api.send("POST", "/admin/projections/userpreferences/rebuild", null, null);
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("rebuild answered " + accepted.statusCode() + ": " + accepted.body());
        }
        String jobId = Api.json(accepted).get("jobId").asText();
        while (true) {
            String state = api.json("/admin/rebuilds/" + jobId).get("state").asText();
            if (state.equals("switched")) {
                Bench.log("rebuild switched in after " + Bench.format((System.nanoTime() - started) / 1e9) + " s");
                return;
            }
            if (state.equals("failed") || state.equals("cancelled")) {
                throw new IllegalStateException("rebuild " + jobId + " " + state);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
