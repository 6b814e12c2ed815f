package dev.prefs.query.timeline;

import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantId;
import dev.prefs.events.UserId;
import dev.prefs.query.projection.ProjectedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * The layers' past, folded straight from the event store (never from a read model): a user's stream, the stream of
 * the tenant they belonged to at the asked instant, and the system's. An event belongs to an instant when its
 * timestamp is at or before it.
 */
public final class LayerTimeline {

    private final EventStore eventStore;

    public LayerTimeline(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Every event of {@code streamId}, oldest first; from sequence 0, never from a snapshot. */
    public List<RecordedEvent> events(String streamId) {
        List<RecordedEvent> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(streamId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (ProjectedEvent.of(message).isPresent()) {
                events.add(RecordedEvent.of(message));
            }
        }
        return events;
    }

    /** The user's layer after every event of {@code events} (theirs, oldest first) at or before {@code instant}. */
    public static UserLayer user(String userId, List<RecordedEvent> events, Instant instant) {
        UserLayer user = UserLayer.none(userId);
        for (RecordedEvent event : events) {
            if (event.at().isAfter(instant)) {
                break;
            }
            user = user.apply(event);
        }
        return user;
    }

    /** The user's layer as it is now; {@link UserLayer#none} for a user id that is not a valid one. */
    public UserLayer user(String userId) {
        return UserId.isValid(userId) ? user(userId, events(userId), Instant.MAX) : UserLayer.none(userId);
    }

    /** Every layer of the user as they stood at {@code instant}, given the user's own events. */
    public LayersAt at(String userId, List<RecordedEvent> userEvents, Instant instant) {
        UserLayer user = user(userId, userEvents, instant);
        DefaultsLayer tenant = user.tenantId() == null ? DefaultsLayer.tenant(null) : tenant(user.tenantId(), instant);
        return new LayersAt(user, tenant, system(instant));
    }

    /** {@code tenantId}'s defaults layer as it stood at {@code instant}. */
    public DefaultsLayer tenant(String tenantId, Instant instant) {
        return defaults(DefaultsLayer.tenant(tenantId), TenantId.stream(tenantId), instant);
    }

    /** The system layer as it stood at {@code instant}. */
    public DefaultsLayer system(Instant instant) {
        return defaults(DefaultsLayer.system(), SystemDefaultsChangedEvent.STREAM, instant);
    }

    private DefaultsLayer defaults(DefaultsLayer layer, String streamId, Instant instant) {
        for (RecordedEvent event : events(streamId)) {
            if (event.at().isAfter(instant)) {
                break;
            }
            layer = layer.apply(event);
        }
        return layer;
    }
}
