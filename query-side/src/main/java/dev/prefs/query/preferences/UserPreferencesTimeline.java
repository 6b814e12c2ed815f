package dev.prefs.query.preferences;

import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.ProjectedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * A user's past, folded from the event store with the projection's own fold, so a past state is exactly what the
 * read model held at that moment.
 */
final class UserPreferencesTimeline {

    private final EventStore eventStore;
    private final Fold<UserPreferencesView> projection;

    UserPreferencesTimeline(EventStore eventStore, Fold<UserPreferencesView> projection) {
        this.eventStore = eventStore;
        this.projection = projection;
    }

    /** The user's preferences as they stood at {@code instant}; absent if they did not exist then. */
    UserPreferencesView asOf(String userId, Instant instant) {
        UserPreferencesView row = null;
        DomainEventStream events = events(userId);
        while (events.hasNext()) {
            Optional<ProjectedEvent> event = ProjectedEvent.of(events.next());
            if (event.isPresent()) {
                if (event.get().timestamp().isAfter(instant)) {
                    break;
                }
                row = projection.apply(row, event.get());
            }
        }
        return Optional.ofNullable(row).filter(r -> !r.deleted())
                       .orElseThrow(() -> new PreferencesNotFoundException(userId));
    }

    /** Every change of the user's preferences, oldest first; not found if they were never created. */
    PreferencesHistory history(String userId) {
        List<PreferencesHistory.Change> changes = new ArrayList<>();
        UserPreferencesView row = null;
        DomainEventStream events = events(userId);
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            Optional<ProjectedEvent> event = ProjectedEvent.of(message);
            if (event.isPresent()) {
                UserPreferencesView before = row;
                row = projection.apply(row, event.get());
                changes.add(new PreferencesHistory.Change(event.get().version(), type(event.get()),
                        event.get().timestamp(), diff(before, row), metaData(message, "sub"),
                        metaData(message, "correlationId")));
            }
        }
        if (changes.isEmpty()) {
            throw new PreferencesNotFoundException(userId);
        }
        return new PreferencesHistory(userId, changes);
    }

    /** From sequence 0 rather than {@code readEvents(userId)}, which would start at a snapshot if one existed. */
    private DomainEventStream events(String userId) {
        return eventStore.readEvents(userId, 0);
    }

    private static String type(ProjectedEvent event) {
        return event.payload().getClass().getSimpleName().replaceFirst("Event$", "");
    }

    private static Map<String, PreferencesHistory.FieldChange> diff(UserPreferencesView before,
                                                                   UserPreferencesView after) {
        Map<String, Object> from = visible(before);
        Map<String, Object> to = visible(after);
        Map<String, PreferencesHistory.FieldChange> changes = new LinkedHashMap<>();
        from.forEach((field, old) -> {
            if (!Objects.equals(old, to.get(field))) {
                changes.put(field, new PreferencesHistory.FieldChange(old, to.get(field)));
            }
        });
        return changes;
    }

    /** The fields a reader sees; all null while the preferences do not exist (before creation, after deletion). */
    private static Map<String, Object> visible(UserPreferencesView row) {
        boolean exists = row != null && !row.deleted();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("theme", exists ? row.theme() : null);
        fields.put("language", exists ? row.language() : null);
        fields.put("notificationsEnabled", exists ? row.notificationsEnabled() : null);
        fields.put("notifications", exists ? row.notifications() : null);
        return fields;
    }

    private static String metaData(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
