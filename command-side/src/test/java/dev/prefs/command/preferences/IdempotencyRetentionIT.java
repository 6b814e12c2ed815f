package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idempotency keys are kept for the retention (one hour here) and forgotten after it by the background purge: a
 * repeat within the retention answers the first answer; after it, the same request is a new one.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.command.idempotency.retention=1h", "prefs.command.idempotency.purge-interval=200ms"})
@TestDatabaseDataSource
class IdempotencyRetentionIT {

    static final TestDatabase DB = TestDatabase.create("command_idempotency_retention");

    @LocalServerPort
    int port;

    @Test
    void keysAreRememberedForTheRetentionAndForgottenAfterIt() {
        CommandClient client = new CommandClient(port);
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        assertThat(client.create("retained", "{}", "Idempotency-Key", "k-1").statusCode()).isEqualTo(201);
        assertThat(client.create("expired", "{}", "Idempotency-Key", "k-2").statusCode()).isEqualTo(201);
        // k-2 was given two hours ago, as far as the table knows.
        jdbc.update("UPDATE idempotency_keys SET created_at = now() - interval '2 hours' WHERE idempotency_key = 'k-2'");

        await().atMost(Duration.ofSeconds(10)).until(() -> keys(jdbc, "k-2") == 0);
        assertThat(keys(jdbc, "k-1")).isEqualTo(1);

        HttpResponse<String> repeat = client.create("retained", "{}", "Idempotency-Key", "k-1");
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(201);
        HttpResponse<String> afterExpiry = client.create("expired", "{}", "Idempotency-Key", "k-2");
        assertThat(afterExpiry.statusCode()).as("a new request: the preferences exist").isEqualTo(409);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isEqualTo(2L);
    }

    private static long keys(JdbcTemplate jdbc, String key) {
        return jdbc.queryForObject("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?", Long.class, key);
    }
}
