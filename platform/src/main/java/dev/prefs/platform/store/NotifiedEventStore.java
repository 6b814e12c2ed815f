package dev.prefs.platform.store;

import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store with one addition: it can be told that another process appended events, so the
 * streaming processors tailing it fetch them at once instead of after the next fetch delay.
 */
public class NotifiedEventStore extends EmbeddedEventStore {

    NotifiedEventStore(Builder builder) {
        super(builder);
    }

    /** Wakes the producer that feeds the tailing event processors. */
    public void newEventsAvailable() {
        afterCommit(List.of());
    }
}
