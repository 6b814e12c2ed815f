package dev.prefs.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one event handler class of every projection build, the batch driver around the fold: Axon's processor hands
 * it each event of its processing group's batch inside the batch's unit of work, and so does the bulk phase of a
 * rebuild, chunk by chunk ({@link ProjectionRuntime#process}). The fold runs here, per event, so a failing event
 * fails in {@link #handle} (where the dead-letter queue parks it and the rest of its user's sequence); the rows are
 * loaded once and written once per unit of work ({@link ProjectionBatch}), before it commits. Only the live build wakes readers waiting for a version: they read the live table.
 */
final class ProjectionEventHandler<R extends ProjectionRow> implements EventMessageHandler {

    private static final Logger log = LoggerFactory.getLogger(ProjectionEventHandler.class);

    private final Build<R> build;
    private final RowStore<R> store;
    private final CommitSignals signals;
    private final BooleanSupplier live;
    private final GlobalIndexes globalIndexes;
    private final String batchResource;
    private final String indexResource;

    ProjectionEventHandler(Build<R> build, CommitSignals signals, BooleanSupplier live, GlobalIndexes globalIndexes) {
        this.build = build;
        this.store = build.version().inOrder() ? null : build.store();
        this.signals = signals;
        this.live = live;
        this.globalIndexes = globalIndexes;
        this.batchResource = ProjectionBatch.class.getName() + "/" + build.processingGroup();
        this.indexResource = GlobalIndexes.class.getName() + "/" + build.processingGroup();
    }

    @Override
    public Object handle(EventMessage<?> message) {
        Optional<ProjectedEvent> event = ProjectedEvent.of(message).filter(e -> folds(message));
        if (event.isPresent()) {
            ProjectedEvent projected = event.get();
            if (GlobalIndexes.needed(message)) {
                Long index = globalIndexes(message).get(message.getIdentifier());
                projected = projected.atGlobalIndex(index != null ? index : projected.globalIndex());
            }
            try {
                if (store == null) {
                    inOrderBatch().apply(projected, message.getMetaData());
                } else {
                    batch().apply(projected);
                }
            } catch (RuntimeException e) {
                // Thrown on to the dead-letter invoker, which parks the event and the rest of the user's sequence.
                log.warn("{}: user {} goes to the dead-letter queue: {}", build.processingGroup(), projected.userId(),
                        e.getMessage());
                throw e;
            }
        }
        return null;
    }

    @Override
    public boolean canHandle(EventMessage<?> message) {
        return folds(message);
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return build.version().folds(payloadType);
    }

    private boolean folds(EventMessage<?> message) {
        return ProjectedEvent.isProjected(message) && build.version().folds(message.getPayloadType());
    }

    /**
     * A version is rebuilt by building a new generation beside it (docs/architecture.md), not by resetting this
     * one's tokens: its rows already hold every event, so a replay into them would change nothing.
     */
    @Override
    public boolean supportsReset() {
        return false;
    }

    /** The batch's creations' global indexes, looked up in one query for the whole unit of work. */
    private Map<String, Long> globalIndexes(EventMessage<?> message) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        Map<String, Long> indexes = unitOfWork.getOrComputeResource(indexResource,
                key -> new HashMap<>(globalIndexes.of(eventsOf(unitOfWork).stream().filter(GlobalIndexes::needed)
                        .map(EventMessage::getIdentifier).toList())));
        if (!indexes.containsKey(message.getIdentifier())) {
            // Not listed up front (a dead-letter retry): this one alone.
            indexes.putAll(globalIndexes.of(List.of(message.getIdentifier())));
        }
        return indexes;
    }

    private ProjectionBatch<R> batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(batchResource, key -> open(unitOfWork));
    }

    /** The unit of work's batch of a version folded in order; readers are told the projection has news. */
    private InOrderBatch inOrderBatch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(batchResource, key -> {
            InOrderBatch batch = build.inOrderBatch();
            boolean[] news = {false};
            unitOfWork.onPrepareCommit(u -> {
                news[0] = batch.flush();
                if (news[0] && live.getAsBoolean()) {
                    signals.announce(build.name());
                }
            });
            unitOfWork.afterCommit(u -> {
                if (news[0] && live.getAsBoolean()) {
                    signals.committed(build.name());
                }
            });
            return batch;
        });
    }

    private ProjectionBatch<R> open(UnitOfWork<?> unitOfWork) {
        ProjectionBatch<R> batch = new ProjectionBatch<>(build.version(), store, usersOf(unitOfWork));
        unitOfWork.onPrepareCommit(u -> {
            batch.flush();
            if (live.getAsBoolean()) {
                signals.announce(build.name(), batch.written());
            }
        });
        unitOfWork.afterCommit(u -> {
            if (live.getAsBoolean()) {
                signals.committed(build.name(), batch.written());
            }
        });
        return batch;
    }

    private Set<String> usersOf(UnitOfWork<?> unitOfWork) {
        Set<String> users = new LinkedHashSet<>();
        for (EventMessage<?> event : eventsOf(unitOfWork)) {
            if (folds(event)) {
                users.add(((DomainEventMessage<?>) event).getAggregateIdentifier());
            }
        }
        return users;
    }

    /**
     * The events of the unit of work, known up front in a batching one. A dead-letter retry runs each letter in a
     * unit of work nested in one without a message: its users and indexes are then looked up as events come.
     */
    private static List<EventMessage<?>> eventsOf(UnitOfWork<?> unitOfWork) {
        List<? extends Message<?>> messages = unitOfWork instanceof BatchingUnitOfWork<?> batching
                ? batching.getMessages()
                : unitOfWork.getMessage() == null ? List.of() : List.of(unitOfWork.getMessage());
        List<EventMessage<?>> events = new ArrayList<>();
        for (Message<?> message : messages) {
            if (message instanceof EventMessage<?> event) {
                events.add(event);
            }
        }
        return events;
    }
}
