package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.ThemeChangedEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The standalone process on its embedded PostgreSQL, started and stopped as a user would. */
class StandaloneRestartIT {

    @TempDir
    Path dataFolder;

    @Test
    void eventsAppendedBeforeARestartAreReadBackAfterIt() {
        List<Object> payloads = List.of(
                new PreferencesCreatedEvent("restart-alice", "dark", "en", dev.prefs.events.NotificationChannels.DEFAULT),
                new ThemeChangedEvent("restart-alice", "light"));
        List<String> identifiers;
        try (ConfigurableApplicationContext first = start(dataFolder)) {
            EventStore eventStore = first.getBean(EventStore.class);
            List<DomainEventMessage<?>> events = List.of(
                    event("restart-alice", 0, payloads.get(0)),
                    event("restart-alice", 1, payloads.get(1)));
            eventStore.publish(events);
            identifiers = events.stream().map(DomainEventMessage::getIdentifier).toList();
        }
        assertThat(dataFolder.resolve("postgres").resolve("PG_VERSION")).exists();

        try (ConfigurableApplicationContext second = start(dataFolder)) {
            List<? extends DomainEventMessage<?>> readBack =
                    second.getBean(EventStore.class).readEvents("restart-alice").asStream().toList();
            assertThat(readBack.stream().map(DomainEventMessage::getPayload).toList()).isEqualTo(payloads);
            assertThat(readBack).extracting(DomainEventMessage::getIdentifier).containsExactlyElementsOf(identifiers);
            assertThat(readBack).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
        }
    }

    @Test
    void healthIsUpWithTheEmbeddedDatabase() {
        try (ConfigurableApplicationContext context = start(dataFolder)) {
            Http admin = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
            HttpResponse<String> open = admin.as(null).get("/actuator/health");
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).as("status only, for anyone").contains("\"status\":\"UP\"").doesNotContain("\"db\"");
            HttpResponse<String> detailed = admin.get("/actuator/health");
            assertThat(detailed.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("eventProcessors");
        }
    }

    @Test
    void aSecondProcessOnTheSameDataFolderIsRefused() {
        try (ConfigurableApplicationContext first = start(dataFolder)) {
            assertThatThrownBy(() -> start(dataFolder))
                    .hasRootCauseInstanceOf(DataFolderInUseException.class)
                    .rootCause().hasMessageContaining(dataFolder.toAbsolutePath().normalize().toString());
            assertThat(first.isRunning()).isTrue();
        }
    }

    @Test
    void theDataFolderIsReleasedOnShutdown() {
        start(dataFolder).close();
        try (ConfigurableApplicationContext again = start(dataFolder)) {
            assertThat(again.isRunning()).isTrue();
        }
        assertThat(Files.exists(dataFolder.resolve("postgres").resolve("postmaster.pid")))
                .as("PostgreSQL stopped cleanly and removed its pid file").isFalse();
    }

    @Test
    void theEmbeddedDatabaseIsStartedBesideTheContextAndTakenByIt() {
        try (ConfigurableApplicationContext context = start(dataFolder)) {
            assertThat(context.getBeansOfType(EmbeddedDatabaseStart.class)).as("started early").hasSize(1);
            assertThat(context.getBean(EmbeddedDatabase.class).postgresFolder())
                    .isEqualTo(dataFolder.toAbsolutePath().normalize().resolve("postgres"));
        }
    }

    @Test
    void aRunThatFailsBeforeTakingTheEarlyStartedDatabaseStopsIt() {
        // Fails right after the environment is known: the server was started beside it and nobody took it.
        assertThatThrownBy(() -> new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "PREFS_DATA_DIR=" + dataFolder, "spring.main.web-application-type=bogus")
                .run()).isNotNull();
        assertThat(Files.exists(dataFolder.resolve("postgres").resolve("postmaster.pid")))
                .as("the early-started PostgreSQL was stopped").isFalse();
        try (ConfigurableApplicationContext again = start(dataFolder)) {
            assertThat(again.isRunning()).as("the data folder was released").isTrue();
        }
    }

    static ConfigurableApplicationContext start(Path dataFolder) {
        return new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "PREFS_DATA_DIR=" + dataFolder)
                .run();
    }

    private static DomainEventMessage<?> event(String userId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("UserPreferences", userId, sequence, payload,
                MetaData.with("sub", "restart-test"));
    }
}
