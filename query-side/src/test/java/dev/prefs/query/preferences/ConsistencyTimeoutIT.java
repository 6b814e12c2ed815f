package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.EventAppender;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.projection.ProjectionRuntime;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A version the read model never reaches: the read gives up at the (here short) consistency timeout. */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "prefs.query.consistency-timeout=300ms")
@TestDatabaseDataSource
class ConsistencyTimeoutIT {

    static final TestDatabase DB = TestDatabase.create("query_timeout");

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @LocalServerPort
    int port;

    @Autowired
    ProjectionRuntime runtime;

    @Test
    void aVersionNeverReachedIs503WithRetryAfterOnceTheTimeoutHasPassed() {
        EventAppender events = new EventAppender(eventStore, transactionManager);
        events.append("slow", "slow", new PreferencesCreatedEvent("slow", "dark", "en", dev.prefs.events.NotificationChannels.DEFAULT));
        HttpJson http = new HttpJson(port);
        assertThat(http.get("/api/users/slow/preferences?minVersion=1").statusCode()).isEqualTo(200);

        // The projections stop (as if stalled); version 2 is in the event store but never in the read model.
        runtime.stop();
        events.append("slow", "slow", new ThemeChangedEvent("slow", "light"));
        long started = System.nanoTime();
        HttpResponse<String> response = http.get("/api/users/slow/preferences?minVersion=2");
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        UserPreferencesQueryIT.assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aVersionNeverWrittenIs400AtOnce() {
        new EventAppender(eventStore, transactionManager)
                .append("written", "written", new PreferencesCreatedEvent("written", "dark", "en", dev.prefs.events.NotificationChannels.DEFAULT));
        HttpJson http = new HttpJson(port);

        UserPreferencesQueryIT.assertValidationError(http.get("/api/users/written/preferences?minVersion=2"),
                "minVersion");
        UserPreferencesQueryIT.assertValidationError(http.get("/api/users/nobody/preferences?minVersion=1"),
                "minVersion");
        UserPreferencesQueryIT.assertValidationError(
                http.get("/api/users/written/preferences?minVersion=9223372036854775807"), "minVersion");
    }
}
