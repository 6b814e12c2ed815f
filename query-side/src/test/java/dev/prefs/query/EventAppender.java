package dev.prefs.query;

import dev.prefs.events.PrefsEvent;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import java.time.Instant;
import java.util.ArrayList;
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
 * Appends the service's events the way the command side does (aggregate id = the event's stream: a user's id,
 * {@code tenant/<id>}, {@code system/defaults}; sequence numbers from 0, {@code sub} and {@code correlationId} in the
 * metadata), so query-side tests need no command side. It numbers each user's events itself, so use one appender per test database.
 */
public final class EventAppender {

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    public EventAppender(EventStore eventStore, TransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    /** Appends {@code events} of one user in one transaction, stamped {@code at}; returns the user's new version. */
    public long appendAt(Instant at, String userId, String sub, PrefsEvent... events) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (PrefsEvent event : events) {
            messages.add(message(userId, event, sub, at));
        }
        publish(messages);
        return version(userId);
    }

    public long append(String userId, String sub, PrefsEvent... events) {
        return appendAt(Instant.now(), userId, sub, events);
    }

    /** Appends events of many streams (users, layers) in one transaction, in the given order. */
    public void appendAll(String sub, List<? extends PrefsEvent> events) {
        Instant now = Instant.now();
        publish(events.stream().<DomainEventMessage<?>>map(e -> message(e.streamId(), e, sub, now)).toList());
    }

    public long version(String userId) {
        return versions.getOrDefault(userId, 0L);
    }

    private DomainEventMessage<?> message(String userId, PrefsEvent event, String sub, Instant at) {
        long sequence = versions.merge(userId, 1L, Long::sum) - 1;
        String type = event instanceof TenantDefaultsChangedEvent ? "TenantDefaults"
                : event instanceof SystemDefaultsChangedEvent ? "SystemDefaults" : "UserPreferences";
        return new GenericDomainEventMessage<>(type, userId, sequence, event,
                Map.of("sub", sub, "correlationId", "corr-" + userId + "-" + sequence),
                UUID.randomUUID().toString(), at);
    }

    private void publish(List<DomainEventMessage<?>> messages) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(messages));
    }
}
