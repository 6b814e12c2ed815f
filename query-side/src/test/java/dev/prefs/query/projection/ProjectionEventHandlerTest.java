package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.PreferencesCreatedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class ProjectionEventHandlerTest {

    private final ProjectionBatchTest.Store store = new ProjectionBatchTest.Store();

    @Test
    void aCreationFillingAGapIsFoldedAtItsOwnGlobalIndexNotTheTokensPosition() throws Exception {
        // The test row's third field records the global index the fold was given.
        ProjectionVersion<ProjectionBatchTest.Row> version = new ProjectionVersion<>("test", 1, "test_v1",
                (row, event) -> new ProjectionBatchTest.Row(event.userId(), event.version(),
                        String.valueOf(event.globalIndex())),
                tables -> store, 1);
        // Event 5 committed after event 6: the gap-aware token that comes with it stays at 6.
        TrackedEventMessage<?> filler = new GenericTrackedDomainEventMessage<>(
                GapAwareTrackingToken.newInstance(6, List.of()),
                new GenericDomainEventMessage<>("UserPreferences", "bob", 0,
                        new PreferencesCreatedEvent("bob", "dark", "en", dev.prefs.events.NotificationChannels.DEFAULT), Map.of(), "event-5", Instant.now()));
        ProjectionEventHandler<ProjectionBatchTest.Row> handler = new ProjectionEventHandler<>(new Build<>(version, 1),
                new CommitSignals(), () -> true, identifiers -> identifiers.contains("event-5")
                        ? Map.of("event-5", 5L) : Map.of());

        DefaultUnitOfWork.startAndGet(filler).execute(() -> handler.handle(filler));

        assertThat(store.rows.get("bob")).isEqualTo(new ProjectionBatchTest.Row("bob", 1, "5"));
    }
}
