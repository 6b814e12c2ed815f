package dev.prefs.query.projection;

import dev.prefs.events.PreferencesEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The one event handler class of every projection version: Axon hands it each event of its processing group's batch
 * inside the batch's unit of work. The fold runs here, per event, so a failing event fails in {@link #handle} (where a
 * dead-letter queue can park it); the rows are written once per unit of work, before it commits.
 */
final class ProjectionEventHandler<R extends ProjectionRow> implements EventMessageHandler {

    private final ProjectionVersion<R> projection;
    private final CommitSignals signals;
    private final String batchResource;

    ProjectionEventHandler(ProjectionVersion<R> projection, CommitSignals signals) {
        this.projection = projection;
        this.signals = signals;
        this.batchResource = ProjectionBatch.class.getName() + "/" + projection.processingGroup();
    }

    @Override
    public Object handle(EventMessage<?> message) {
        Optional<ProjectedEvent> event = ProjectedEvent.of(message);
        event.ifPresent(e -> batch().apply(e));
        return null;
    }

    @Override
    public boolean canHandle(EventMessage<?> message) {
        return ProjectedEvent.isPreferencesEvent(message);
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return PreferencesEvent.class.isAssignableFrom(payloadType);
    }

    /**
     * A version is rebuilt by building a new version beside it (docs/architecture.md), not by resetting this one's
     * tokens: its rows already hold every event, so a replay into them would change nothing.
     */
    @Override
    public boolean supportsReset() {
        return false;
    }

    String processingGroup() {
        return projection.processingGroup();
    }

    private ProjectionBatch<R> batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(batchResource, key -> open(unitOfWork));
    }

    private ProjectionBatch<R> open(UnitOfWork<?> unitOfWork) {
        ProjectionBatch<R> batch = new ProjectionBatch<>(projection, usersOf(unitOfWork));
        unitOfWork.onPrepareCommit(u -> batch.flush());
        unitOfWork.afterCommit(u -> signals.committed(projection.name(), batch.written()));
        return batch;
    }

    private static Set<String> usersOf(UnitOfWork<?> unitOfWork) {
        List<? extends Message<?>> messages = unitOfWork instanceof BatchingUnitOfWork<?> batching
                ? batching.getMessages()
                : List.of(unitOfWork.getMessage());
        Set<String> users = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (message instanceof EventMessage<?> event && ProjectedEvent.isPreferencesEvent(event)) {
                users.add(((DomainEventMessage<?>) event).getAggregateIdentifier());
            }
        }
        return users;
    }
}
