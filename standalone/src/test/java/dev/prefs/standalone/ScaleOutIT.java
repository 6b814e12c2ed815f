package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.QuerySideApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Past one process (issue 18): two command-side and two query-side processes, each a real process, on one
 * PostgreSQL. Every processor's segments are shared out evenly between the query processes; concurrent writes through
 * both command processes to the same users lose nothing; a query process killed with SIGKILL under load has its
 * segments taken over by the other within the claim timeout; and afterwards every read model equals a fold of each
 * user's events (nothing skipped, nothing applied twice). The takeover time and the read-your-writes lag of the
 * writes made during the takeover are printed.
 */
class ScaleOutIT {

    /** The claim timeout the query processes run with (the default, said explicitly). */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Beyond the claim timeout: the survivor's next look for expired claims ({@code claim-interval}, 1 s), plus 4 s
     * for a two-core machine running these four JVMs and often other builds (7.6 s was measured at a load of 27).
     */
    private static final Duration TAKEOVER_MARGIN = Duration.ofSeconds(5);
    private static final int USERS = 6;
    private static final int WRITERS = 4;
    private static final AtomicInteger LANGUAGES = new AtomicInteger();

    private final List<Process> processes = new ArrayList<>();

    /** What the writers know of one user: its acknowledged versions, each with the language it set. */
    private final Map<String, Map<Long, String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledgedCount = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    private volatile boolean writing = true;
    /** While set, each acknowledged write is read back from the surviving query process and its lag recorded. */
    private volatile Http measureOn;
    private final List<Long> lagMillis = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopAll() throws InterruptedException {
        writing = false;
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    @Test
    void segmentsAreSharedWritesAreKeptAndAKilledQueryProcessIsTakenOverExactly() throws Exception {
        long begun = System.nanoTime();
        TestDatabase db = TestDatabase.migrated("scale_out");
        Map<String, String> environment = environment(db);
        int[] ports = {JavaProcesses.freePort(), JavaProcesses.freePort(), JavaProcesses.freePort(),
                JavaProcesses.freePort()};
        Process command1 = start(CommandSideApplication.class, "scale-out-command-1", environment, ports[0]);
        Process command2 = start(CommandSideApplication.class, "scale-out-command-2", environment, ports[1]);
        Process query1 = start(QuerySideApplication.class, "scale-out-query-1", environment, ports[2]);
        Process query2 = start(QuerySideApplication.class, "scale-out-query-2", environment, ports[3]);
        Http[] commands = {new Http(ports[0]), new Http(ports[1])};
        Http survivor = new Http(ports[2]);
        Http victim = new Http(ports[3]);
        JavaProcesses.awaitUp(command1, commands[0], Duration.ofSeconds(120));
        JavaProcesses.awaitUp(command2, commands[1], Duration.ofSeconds(120));
        JavaProcesses.awaitUp(query1, survivor, Duration.ofSeconds(120));
        JavaProcesses.awaitUp(query2, victim, Duration.ofSeconds(120));
        long up = System.nanoTime();
        String owner1 = query1.pid() + "@";
        String owner2 = query2.pid() + "@";

        // 1. Every processor's segments are shared out evenly between the two query processes.
        AtomicReference<Map<String, List<String>>> claims = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            claims.set(claims(db));
            assertThat(claims.get()).as("processors with segments").isNotEmpty();
            claims.get().forEach((processor, owners) -> {
                int segments = owners.size();
                long of1 = owners.stream().filter(o -> o != null && o.startsWith(owner1)).count();
                long of2 = owners.stream().filter(o -> o != null && o.startsWith(owner2)).count();
                assertThat(of1 + of2).as("%s: segments held by the query processes, of %s", processor, owners)
                        .isEqualTo(segments);
                assertThat(List.of(of1, of2)).as("%s: segments per query process, of %s", processor, owners)
                        .allSatisfy(n -> assertThat(n).isBetween((long) segments / 2, (segments + 1L) / 2));
            });
        });
        long balanced = System.nanoTime();
        System.out.printf("ScaleOutIT: segments shared out %d ms after all four were up: %s (query processes %s, %s)%n",
                JavaProcesses.millis(up, balanced), claims.get(), owner1, owner2);

        // 2. Writers through both command processes, to the same users.
        for (int u = 0; u < USERS; u++) {
            String user = "scale-" + u;
            HttpResponse<String> created = commands[u % 2].send("POST", "/api/users/" + user + "/preferences",
                    "{\"theme\": \"light\", \"language\": \"en\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            Map<Long, String> versions = new ConcurrentSkipListMap<>();
            versions.put(Http.json(created).get("version").asLong(), "en");
            acknowledged.put(user, versions);
        }
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> write(commands, writer), "writer-" + w);
            thread.start();
            writers.add(thread);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedCount.get() >= 150 || writerFailure.get() != null);
        assertThat(writerFailure.get()).as("a writer failed").isNull();

        // 3. kill -9 of one query process under load; the other takes its segments over.
        int beforeKill = acknowledgedCount.get();
        measureOn = survivor;
        long killed = System.nanoTime();
        query2.destroyForcibly();
        AtomicReference<Map<String, List<String>>> after = new AtomicReference<>();
        await().atMost(CLAIM_TIMEOUT.plus(TAKEOVER_MARGIN).plusSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    after.set(claims(db));
                    return after.get().values().stream().flatMap(List::stream)
                            .allMatch(o -> o != null && o.startsWith(owner1));
                });
        long takenOver = System.nanoTime();
        assertThat(query2.waitFor(10, TimeUnit.SECONDS)).as("the killed query process is gone").isTrue();
        long takeoverMillis = JavaProcesses.millis(killed, takenOver);
        // Writes keep going, and are measured, for a while after the takeover too.
        int atTakeover = acknowledgedCount.get();
        await().atMost(Duration.ofSeconds(30)).until(
                () -> acknowledgedCount.get() >= atTakeover + 40 || writerFailure.get() != null);
        measureOn = null;
        writing = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(writer.isAlive()).as(writer.getName() + " stopped").isFalse();
        }
        assertThat(writerFailure.get()).as("a writer failed").isNull();
        List<Long> lags = new ArrayList<>(lagMillis);
        Collections.sort(lags);
        assertThat(lags).as("writes measured during the takeover").isNotEmpty();
        System.out.printf("ScaleOutIT: kill -9 of query process %s after %d acknowledged changes; the other owned every"
                          + " segment %d ms later (claim timeout %d ms, asserted at most %d ms): %s%n",
                owner2, beforeKill, takeoverMillis, CLAIM_TIMEOUT.toMillis(),
                CLAIM_TIMEOUT.plus(TAKEOVER_MARGIN).toMillis(), after.get());
        System.out.printf("ScaleOutIT: read-your-writes lag on the surviving query process, %d writes from the kill to"
                          + " 40 acknowledged after the takeover: p50 %d ms, p90 %d ms, max %d ms%n",
                lags.size(), percentile(lags, 50), percentile(lags, 90), lags.get(lags.size() - 1));
        assertThat(takeoverMillis).as("takeover time").isLessThanOrEqualTo(CLAIM_TIMEOUT.plus(TAKEOVER_MARGIN).toMillis());

        // 4. Nothing acknowledged is lost, and the read models equal a fold of the events.
        int events = 0;
        Map<String, Integer> byLanguage = new TreeMap<>();
        for (Map.Entry<String, Map<Long, String>> entry : acknowledged.entrySet()) {
            String user = entry.getKey();
            Map<Long, String> acked = entry.getValue();
            JsonNode history = Http.json(survivor.get("/api/users/" + user + "/preferences/history"));
            Fold fold = fold(history);
            assertThat(fold.languages()).as("the events of %s: exactly the acknowledged changes", user)
                    .isEqualTo(new TreeMap<>(acked));
            long last = fold.languages().size();
            HttpResponse<String> read = survivor.get("/api/users/" + user + "/preferences?minVersion=" + last);
            assertThat(read.statusCode()).as("%s at version %d: %s", user, last, read.body()).isEqualTo(200);
            JsonNode row = doctored(Http.json(read));
            assertThat(row.path("version").asLong()).as("%s: version of the read model = its events", user)
                    .isEqualTo(last);
            assertThat(row.path("language").asString()).as("%s: language", user).isEqualTo(fold.language());
            assertThat(row.path("theme").asString()).as("%s: theme", user).isEqualTo(fold.theme());
            events += (int) last;
            byLanguage.merge(fold.language(), 1, Integer::sum);
        }
        // The stats (one more read model, projected by its own processor) count each user once, at its last value.
        JsonNode stats = Http.json(survivor.get("/api/preferences/stats"));
        assertThat(stats.path("total").asInt()).as("stats: %s", stats).isEqualTo(USERS);
        assertThat(stats.path("byTheme").path("light").asInt()).as("stats: %s", stats).isEqualTo(USERS);
        Map<String, Integer> counted = new TreeMap<>();
        stats.path("byLanguage").properties().forEach(e -> counted.put(e.getKey(), e.getValue().asInt()));
        assertThat(counted).as("stats by language").isEqualTo(byLanguage);

        System.out.printf("ScaleOutIT: %d users, %d events (%d acknowledged writes, %d conflicts answered 409 and"
                          + " retried), all read models equal the folds; %d ms in all%n", USERS, events,
                acknowledgedCount.get(), conflicts.get(), JavaProcesses.millis(begun, System.nanoTime()));
    }

    /** A user's events folded: each version's language, and the last theme and language. */
    private record Fold(Map<Long, String> languages, String theme, String language) {
    }

    private static Fold fold(JsonNode history) {
        Map<Long, String> languages = new TreeMap<>();
        String theme = null;
        String language = null;
        for (JsonNode change : history.path("changes")) {
            JsonNode changes = change.path("changes");
            if (changes.has("theme")) {
                theme = changes.path("theme").path("to").asString();
            }
            if (changes.has("language")) {
                language = changes.path("language").path("to").asString();
            }
            languages.put(change.path("version").asLong(), changes.has("language") ? language : null);
        }
        return new Fold(languages, theme, language);
    }

    /** The read model's answer, as the comparison with the fold sees it (a hook for proving it can fail). */
    private static JsonNode doctored(JsonNode row) {
        return row;
    }

    /**
     * Changes the language of a random user through one command process then the other, each change to a language
     * no other write sets (so every write appends an event); a {@code 409 write-conflict} is sent again. While
     * {@link #measureOn} is set, each acknowledged change is read back there with {@code minVersion} and the time
     * from the acknowledgement to the first 200 recorded.
     */
    private void write(Http[] commands, int writer) {
        try {
            int i = writer;
            List<String> users = List.copyOf(acknowledged.keySet());
            while (writing) {
                String user = users.get(ThreadLocalRandom.current().nextInt(users.size()));
                String language = "en-x-" + Integer.toString(LANGUAGES.incrementAndGet(), 36);
                HttpResponse<String> response;
                do {
                    response = commands[i++ % 2].send("PATCH", "/api/users/" + user + "/preferences",
                            "{\"language\": \"" + language + "\"}");
                    if (response.statusCode() == 409) {
                        conflicts.incrementAndGet();
                    }
                } while (response.statusCode() == 409);
                if (response.statusCode() != 200) {
                    throw new AssertionError(user + ": " + response.statusCode() + " " + response.body());
                }
                long acked = System.nanoTime();
                long version = Http.json(response).get("version").asLong();
                String previous = acknowledged.get(user).put(version, language);
                if (previous != null) {
                    throw new AssertionError(user + ": version " + version + " acknowledged twice, for "
                                             + previous + " and " + language);
                }
                acknowledgedCount.incrementAndGet();
                Http reader = measureOn;
                if (reader != null) {
                    lagMillis.add(readBack(reader, user, version, acked));
                }
            }
        } catch (Throwable e) {
            writerFailure.compareAndSet(null, e);
        }
    }

    private static long readBack(Http reader, String user, long version, long acked) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> read = reader.get("/api/users/" + user + "/preferences?minVersion=" + version);
            if (read.statusCode() == 200) {
                return JavaProcesses.millis(acked, System.nanoTime());
            }
            if (read.statusCode() != 503 || Instant.now().isAfter(deadline)) {
                throw new AssertionError(user + " minVersion=" + version + ": " + read.statusCode() + " "
                                         + read.body());
            }
        }
    }

    /** Each processor of a build that is not retired, with the owner of each of its segments (null: nobody). */
    private static Map<String, List<String>> claims(TestDatabase db) throws SQLException {
        Map<String, List<String>> claims = new TreeMap<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT t.processor_name, t.owner FROM token_entry t
                       JOIN projection_registry r ON r.processing_group = t.processor_name
                      WHERE r.status <> 'retired' ORDER BY t.processor_name, t.segment""")) {
            while (rows.next()) {
                claims.computeIfAbsent(rows.getString(1), p -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return claims;
    }

    private Process start(Class<?> main, String name, Map<String, String> environment, int port) throws IOException {
        Process process = JavaProcesses.start(main, name, environment,
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k"),
                "--server.port=" + port, "--prefs.events.token-claim-timeout=" + CLAIM_TIMEOUT);
        processes.add(process);
        return process;
    }

    /** The database, and the same secret and master key for all four (those of the tests' application.properties). */
    private static Map<String, String> environment(TestDatabase db) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ScaleOutIT.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", db.url());
        environment.put("SPRING_DATASOURCE_USERNAME", db.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", db.password());
        environment.put("PREFS_JWT_SECRET", Http.SECRET);
        environment.put("PREFS_MASTER_KEY", properties.getProperty("prefs.security.master-key"));
        return environment;
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (sorted.size() * percent + 99) / 100 - 1));
    }
}
