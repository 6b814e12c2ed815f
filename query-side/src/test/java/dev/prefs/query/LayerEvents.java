package dev.prefs.query;

import dev.prefs.events.DefaultsEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PrefsEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Appends events of any stream (a user's, a tenant's defaults, the system's) the way the command side stores them:
 * stream id = the event's {@code streamId()}, sequence numbers from 0, {@code sub} and {@code correlationId} in the
 * metadata, stamped with the given instant. It numbers each stream's events itself: one per test database.
 */
public final class LayerEvents {

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    public LayerEvents(EventStore eventStore, TransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    /** Appends {@code event} at {@code at}, asked for by {@code sub}; returns its stream's new version. */
    public long append(Instant at, String sub, PrefsEvent event) {
        String stream = event.streamId();
        long sequence = versions.merge(stream, 1L, Long::sum) - 1;
        String type = event instanceof PreferencesEvent ? "UserPreferences"
                : event instanceof DefaultsEvent && stream.startsWith("tenant/") ? "TenantDefaults" : "SystemDefaults";
        GenericDomainEventMessage<?> message = new GenericDomainEventMessage<>(type, stream, sequence, event,
                Map.of("sub", sub, "correlationId", "corr-" + stream + "-" + sequence), UUID.randomUUID().toString(),
                at);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(message));
        return sequence + 1;
    }
}
