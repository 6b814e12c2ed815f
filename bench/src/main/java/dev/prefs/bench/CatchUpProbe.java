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
 * where nothing moves shows as such. {@code java -jar bench/target/prefs-bench.jar --probe-catch-up[=20000]}
 */
final class CatchUpProbe {

    private CatchUpProbe() {
    }

    static void run(Path repository, long events, int loads) throws Exception {
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
                    .resolve("standalone/target/prefs-standalone.jar"), work, env, List.of(Bench.HEAP), List.of())) {
                service.awaitHealthy(Duration.ofMinutes(3));
                Api api = new Api(service.base(), token);
                for (int load = 1; load <= loads; load++) {
                    loader.loadUntil(events * load);
                    long started = System.nanoTime();
                    Bench.log("loaded " + events + " events (load " + load + "); the store holds " + loader.events());
                    String last = "";
                    while (true) {
                        List<String> lagging = new ArrayList<>();
                        for (JsonNode projection : api.json("/admin/projections")) {
                            for (JsonNode build : projection.get("versions")) {
                                String status = build.get("status").asText();
                                if (!status.equals("retired")) {
                                    lagging.add(build.get("processingGroup").asText() + " lag "
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
                            Bench.log("caught up in " + Bench.format(seconds) + " s");
                            break;
                        }
                        if (seconds > 300) {
                            throw new IllegalStateException("no catch-up within 5 minutes");
                        }
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                    }
                }
            }
        }
    }
}
