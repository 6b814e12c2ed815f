package dev.prefs.query.preferences;

import dev.prefs.query.CallerAccess;
import dev.prefs.query.timeline.Histories;
import dev.prefs.query.timeline.LayerTimeline;
import dev.prefs.query.timeline.LayersAt;
import dev.prefs.query.timeline.RecordedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.ResponseEntity;

/**
 * The reads of a user's preferences folded from the event store, every layer as it stood at the asked instant:
 * {@code asOf}, explain and the history. Who may read is decided here, with the user's tenant as their events say
 * it is now (a tenant admin reads the whole past of their tenant's users, and nothing of a user moved away).
 */
final class LayeredPreferences {

    /** The ETag's last number, the read model's projection version: none served this answer. */
    static final int NO_READ_MODEL = 0;

    private final LayerTimeline timeline;
    private final Clock clock;

    LayeredPreferences(LayerTimeline timeline, Clock clock) {
        this.timeline = timeline;
        this.clock = clock;
    }

    /** GET with asOf; the ETag is {@code "<user>.<tenant layer>.<system layer>.0"}, versions as they were then. */
    ResponseEntity<PreferencesResponse> asOf(String userId, Instant instant) {
        CurrentPreferences then = CurrentPreferences.folded(existingAt(userId, instant));
        return ResponseEntity.ok().eTag(then.eTag()).body(PreferencesResponse.of(then));
    }

    /** Explain at {@code instant}, or now when null. */
    Explanation explain(String userId, Instant instant) {
        // To the microsecond, as event timestamps are read back: an event committed before this read is in it.
        Instant at = instant == null ? clock.instant().truncatedTo(ChronoUnit.MICROS) : instant;
        return Explanation.of(existingAt(userId, at), at);
    }

    PreferencesHistory history(String userId) {
        List<RecordedEvent> events = readableEvents(userId);
        if (events.isEmpty()) {
            throw new PreferencesNotFoundException(userId);
        }
        return new PreferencesHistory(userId, Histories.user(userId, events));
    }

    private LayersAt existingAt(String userId, Instant instant) {
        List<RecordedEvent> events = readableEvents(userId);
        LayersAt layers = timeline.at(userId, events, instant);
        if (!layers.user().exists()) {
            throw new PreferencesNotFoundException(userId);
        }
        return layers;
    }

    /** The user's events, once the caller is known to be allowed to read them. */
    private List<RecordedEvent> readableEvents(String userId) {
        List<RecordedEvent> events = timeline.events(userId);
        CallerAccess.require(CallerAccess.caller().mayTouchUser(userId,
                LayerTimeline.user(userId, events, Instant.MAX).tenantId()),
                "A tenant admin may read only the preferences of their own tenant's users");
        return events;
    }
}
