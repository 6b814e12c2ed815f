package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The standalone process killed with SIGKILL while four clients write: its PostgreSQL is left running on the data
 * folder. Started again on the same folder, it stops that server, starts its own, and every change answered 2xx is
 * there; the read model catches up to exactly the events (a change in flight at the kill may or may not be there,
 * but then wholly, in the event store and the read model alike). The killed process's segment claims are left
 * behind: as soon as the new process says it is up, a read with {@code minVersion} of every acknowledged change
 * answers the first time it is tried.
 */
class KillNineIT {

    private static final String[] LANGUAGES = {"fr", "de", "en"};
    /** Far longer than a restart takes, see {@link #start}. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

    /** What the clients know of one user: the acknowledged changes, and one in flight when the server died. */
    private static final class Written {
        final List<String> acknowledged = new ArrayList<>();
        volatile String inFlight;
    }

    @TempDir
    Path dataFolder;
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedChangeSurvivesAKillNineAndTheReadModelCatchesUpExactly() throws Exception {
        int port = freePort();
        server = start(port, "first");
        Http http = new Http(port);
        awaitUp(http);

        Map<String, Written> written = new ConcurrentHashMap<>();
        AtomicInteger acknowledged = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            Thread thread = new Thread(() -> write(http, client, written, acknowledged), "client-" + c);
            thread.start();
            clients.add(thread);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= 200);
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(client.isAlive()).as(client.getName() + " stopped writing").isFalse();
        }

        long restarted = System.nanoTime();
        server = start(port, "second");
        awaitUp(http);
        long up = System.nanoTime();
        assertThat(written).isNotEmpty();
        // As soon as the service says it is up, every acknowledged change is readable with minVersion: the first
        // read of each answers 200 within the consistency timeout, without a retry. Asked before anything else, so
        // nothing in the test gives the projections extra time.
        Long firstRead = null;
        for (Map.Entry<String, Written> entry : written.entrySet()) {
            int acked = entry.getValue().acknowledged.size();
            HttpResponse<String> read = http.get("/api/users/" + entry.getKey() + "/preferences?minVersion=" + acked);
            assertThat(read.statusCode()).as("first minVersion=%d read of %s once health is UP: %s",
                    acked, entry.getKey(), read.body()).isEqualTo(200);
            firstRead = firstRead == null ? System.nanoTime() : firstRead;
        }
        long allRead = System.nanoTime();
        int inFlightStored = 0;
        for (Map.Entry<String, Written> entry : written.entrySet()) {
            String user = entry.getKey();
            Written w = entry.getValue();
            int acked = w.acknowledged.size();
            JsonNode history = Http.json(http.get("/api/users/" + user + "/preferences/history"));
            int stored = history.path("changes").size();
            assertThat(stored).as("events of %s (acknowledged %d, in flight: %s)", user, acked, w.inFlight)
                    .isBetween(acked, w.inFlight == null ? acked : acked + 1);
            // The last stored change decides the language: the last acknowledged one, or the one in flight.
            String expected = stored > acked ? w.inFlight : w.acknowledged.get(acked - 1);
            inFlightStored += stored > acked ? 1 : 0;
            // A change in flight at the kill that was stored is as readable as an acknowledged one: first time.
            HttpResponse<String> read = http.get("/api/users/" + user + "/preferences?minVersion=" + stored);
            assertThat(read.statusCode()).as("minVersion=%d read of %s: %s", stored, user, read.body())
                    .isEqualTo(200);
            JsonNode row = Http.json(read);
            assertThat(row.path("version").asLong()).isEqualTo(stored);
            assertThat(row.path("language").asString()).as(user).isEqualTo(expected);
            assertThat(row.path("theme").asString()).isEqualTo("light");
        }
        for (String run : List.of("first", "second")) {
            assertThat(Files.readString(JavaProcesses.log("kill-nine-" + run)))
                    .as("the %s run's log", run).contains("Started PrefsApplication").doesNotContain(Http.SECRET);
        }
        System.out.printf("KillNineIT: %d users, %d changes acknowledged before the kill, %d of %d in flight stored%n",
                written.size(), acknowledged.get(), inFlightStored,
                written.values().stream().filter(w -> w.inFlight != null).count());
        System.out.printf("KillNineIT: from restart, health UP after %d ms, first minVersion read answered after %d ms,"
                          + " all %d after %d ms%n", millis(restarted, up), millis(restarted, firstRead),
                written.size(), millis(restarted, allRead));
    }

    /**
     * Creates users one after another and changes each one's language five times, until a request fails (the kill).
     * Each user's entries are the languages its acknowledged commands set, in order (the create sets "en").
     */
    private static void write(Http http, int client, Map<String, Written> written, AtomicInteger acknowledged) {
        for (int u = 0; ; u++) {
            String user = "kill-" + client + "-" + u;
            Written w = new Written();
            written.put(user, w);
            for (int change = 0; change <= 5; change++) {
                String language = change == 0 ? "en" : LANGUAGES[change % LANGUAGES.length];
                w.inFlight = language;
                HttpResponse<String> response;
                try {
                    response = change == 0
                            ? http.send("POST", "/api/users/" + user + "/preferences",
                                        "{\"theme\": \"light\", \"language\": \"en\"}")
                            : http.send("PATCH", "/api/users/" + user + "/preferences",
                                        "{\"language\": \"" + language + "\"}");
                } catch (UncheckedIOException e) {
                    if (w.acknowledged.isEmpty() && change == 0) {
                        // Never acknowledged: the user may exist or not; it is not checked.
                        written.remove(user);
                    }
                    return;
                }
                if (response.statusCode() / 100 != 2) {
                    throw new AssertionError(user + ": " + response.statusCode() + " " + response.body());
                }
                w.acknowledged.add(language);
                w.inFlight = null;
                acknowledged.incrementAndGet();
            }
        }
    }

    /**
     * Both runs keep segment claims for {@link #CLAIM_TIMEOUT}: the killed run's claims are then still valid when
     * the second run starts, however long its start takes on a busy machine, so it must take them over, not wait
     * for them to expire.
     */
    private Process start(int port, String run) throws IOException {
        return JavaProcesses.start(PrefsApplication.class, "kill-nine-" + run,
                Map.of("PREFS_DATA_DIR", dataFolder.toString()), List.of(),
                "--server.port=" + port, "--prefs.events.token-claim-timeout=" + CLAIM_TIMEOUT);
    }

    private void awaitUp(Http http) {
        JavaProcesses.awaitUp(server, http, Duration.ofSeconds(120));
    }

    private static long millis(long from, long to) {
        return JavaProcesses.millis(from, to);
    }

    private static int freePort() throws IOException {
        return JavaProcesses.freePort();
    }
}
