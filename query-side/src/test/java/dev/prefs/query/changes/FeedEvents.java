package dev.prefs.query.changes;

import dev.prefs.events.PrefsEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Appends any of the service's events (users' and layers') as the command side stores them: each in its stream,
 * numbered from 0, with {@code sub} in the metadata. One instance per test database.
 */
final class FeedEvents {

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    FeedEvents(EventStore eventStore, TransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    /** Appends {@code events} in one transaction, in order, each by {@code sub}. */
    void append(String sub, PrefsEvent... events) {
        append(sub, List.of(events));
    }

    void append(String sub, List<? extends PrefsEvent> events) {
        Instant now = Instant.now();
        List<DomainEventMessage<?>> messages = events.stream().<DomainEventMessage<?>>map(event -> {
            String stream = event.streamId();
            long sequence = versions.merge(stream, 1L, Long::sum) - 1;
            return new GenericDomainEventMessage<>(stream.contains("/") ? "Defaults" : "UserPreferences", stream,
                    sequence, event, Map.of("sub", sub), UUID.randomUUID().toString(), now);
        }).toList();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(messages));
    }

    long version(String stream) {
        return versions.getOrDefault(stream, 0L);
    }
}
