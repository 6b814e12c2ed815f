package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL stopped for a few seconds while four clients write and read: requests during the outage are answered 503
 * problem+json (with Retry-After) within the connection timeout instead of hanging, health goes DOWN and back UP, and
 * afterwards every change that was answered 2xx is in the event store.
 */
class PostgresOutageIT {

    /** The slowest answer allowed: the pool's connection timeout (3 s) plus a margin for a busy machine. */
    private static final Duration SLOWEST = Duration.ofSeconds(10);

    record Outcome(String user, int status, long version, String contentType, long millis, String body) {
    }

    @TempDir
    Path postgresData;
    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void writesDuringAnOutageAre503AndEveryAcknowledgedChangeIsKept() throws Exception {
        int pgPort = freePort();
        postgres = startPostgres(pgPort);
        String url = postgres.getJdbcUrl("postgres", "postgres");
        app = new SpringApplicationBuilder(PrefsApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres");
        Http http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            users.add("outage-" + i);
            assertThat(http.send("POST", "/api/users/outage-" + i + "/preferences", "{}").statusCode()).isEqualTo(201);
        }

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Outcome> reads = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            List<String> mine = users.subList(c * 2, c * 2 + 2);
            Thread client = new Thread(() -> {
                for (int n = 0; writing.get(); n++) {
                    String user = mine.get(n % 2);
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send("PATCH", "/api/users/" + user + "/preferences",
                            "{\"theme\": \"" + (n % 4 < 2 ? "light" : "dark") + "\"}");
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    long version = response.statusCode() == 200 ? Http.json(response).path("version").asLong() : -1;
                    outcomes.add(new Outcome(user, response.statusCode(), version,
                            response.headers().firstValue("Content-Type").orElse(""), millis, response.body()));
                    started = System.nanoTime();
                    HttpResponse<String> read = http.get("/api/users/" + user + "/preferences");
                    reads.add(new Outcome(user, read.statusCode(), -1,
                            read.headers().firstValue("Content-Type").orElse(""),
                            (System.nanoTime() - started) / 1_000_000, read.body()));
                }
            }, "writer-" + c);
            client.start();
            clients.add(client);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.stream().filter(o -> o.status() == 200).count() >= 50);

        postgres.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/actuator/health").statusCode() == 503);
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.stream().filter(o -> o.status() == 503).count() >= 8);
        long acknowledgedBefore = outcomes.stream().filter(o -> o.status() == 200).count();

        postgres = startPostgres(pgPort);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/actuator/health").statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).until(
                () -> outcomes.stream().filter(o -> o.status() == 200).count() >= acknowledgedBefore + 50);
        writing.set(false);
        for (Thread client : clients) {
            client.join(SLOWEST.toMillis() * 2);
        }

        List<Outcome> all = List.copyOf(outcomes);
        long unavailable = all.stream().filter(o -> o.status() == 503).count();
        System.out.printf("PostgresOutageIT: %d writes, %d answered 200, %d answered 503, slowest %d ms%n",
                all.size(), all.stream().filter(o -> o.status() == 200).count(), unavailable,
                all.stream().mapToLong(Outcome::millis).max().orElse(0));
        System.out.printf("PostgresOutageIT: %d reads, %d answered 503%n", reads.size(),
                reads.stream().filter(o -> o.status() == 503).count());
        assertThat(List.copyOf(reads)).allSatisfy(outcome -> {
            assertThat(outcome.status()).as(outcome.body()).isIn(200, 503);
            assertThat(outcome.millis()).as("answered within the timeout").isLessThan(SLOWEST.toMillis());
            if (outcome.status() == 503) {
                assertThat(outcome.contentType()).startsWith("application/problem+json");
            }
        });
        assertThat(all).allSatisfy(outcome -> {
            assertThat(outcome.status()).as(outcome.body()).isIn(200, 503);
            assertThat(outcome.millis()).as("answered within the timeout").isLessThan(SLOWEST.toMillis());
            if (outcome.status() == 503) {
                assertThat(outcome.contentType()).startsWith("application/problem+json");
            }
        });
        // A user's events are stored under the stream's pseudonym (the test master key, application.properties).
        dev.prefs.platform.crypto.StoredEventCrypto crypto = new dev.prefs.platform.crypto.StoredEventCrypto(
                new dev.prefs.platform.crypto.PersonalDataKeys(postgres.getPostgresDatabase(),
                        dev.prefs.platform.crypto.MasterKeys.of("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", null)));
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (Outcome acknowledged : all.stream().filter(o -> o.status() == 200).toList()) {
                assertThat(eventAt(connection, crypto.storedStreamId(acknowledged.user()), acknowledged.version()))
                        .as("%s version %d was acknowledged", acknowledged.user(), acknowledged.version()).isTrue();
            }
        }
    }

    private static boolean eventAt(Connection connection, String user, long version) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")) {
            statement.setString(1, user);
            statement.setLong(2, version - 1);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private EmbeddedPostgres startPostgres(int port) {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(postgresData).setCleanDataDirectory(false)
                    .setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
