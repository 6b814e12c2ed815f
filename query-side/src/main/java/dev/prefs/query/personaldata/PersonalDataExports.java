package dev.prefs.query.personaldata;

import dev.prefs.query.CallerAccess;
import dev.prefs.query.preferences.PreferencesNotFoundException;
import dev.prefs.query.preferences.PreferencesResponse;
import dev.prefs.query.timeline.Histories;
import dev.prefs.query.timeline.HistoryChange;
import dev.prefs.query.timeline.LayerTimeline;
import dev.prefs.query.timeline.LayersAt;
import dev.prefs.query.timeline.RecordedEvent;
import dev.prefs.query.timeline.UserLayer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gathers everything stored about one user, straight from where it is stored: their events (decrypted by the event
 * store), folded into their effective preferences and history as the reads fold them, and their rows of
 * {@code idempotency_keys} (which the command side writes). Who may export is who may read the user's history: the
 * user, an admin, or the admin of the tenant the user belongs to now, as their events say.
 */
final class PersonalDataExports {

    private final LayerTimeline timeline;
    private final JdbcTemplate jdbc;
    private final ErasedUsers erased;
    private final Clock clock;

    PersonalDataExports(LayerTimeline timeline, JdbcTemplate jdbc, ErasedUsers erased, Clock clock) {
        this.timeline = timeline;
        this.jdbc = jdbc;
        this.erased = erased;
        this.clock = clock;
    }

    /**
     * The export of {@code userId} (a valid user id).
     *
     * @throws UserErasedException if the user's data was erased and they were not created again
     */
    PersonalDataExport export(String userId) {
        List<RecordedEvent> events = timeline.events(userId);
        UserLayer now = LayerTimeline.user(userId, events, Instant.MAX);
        CallerAccess.require(CallerAccess.caller().mayTouchUser(userId, now.tenantId()),
                "A tenant admin may export only the data of their own tenant's users");
        if (events.isEmpty()) {
            // A user id created again after an erasure has events of its own: only an erased one has none.
            erased.requireNotErased(userId);
            throw new PreferencesNotFoundException(userId);
        }
        Instant exportedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // Every event read above, and the defaults of the user's tenant and of the system as they stand now.
        LayersAt layers = timeline.at(userId, events, Instant.MAX);
        PreferencesResponse preferences = layers.user().exists() ? PreferencesResponse.folded(layers) : null;
        return new PersonalDataExport(userId, exportedAt, now.tenantId(), !now.exists(), preferences,
                history(userId, events), idempotencyKeys(userId));
    }

    private static List<PersonalDataExport.ExportedEvent> history(String userId, List<RecordedEvent> events) {
        List<HistoryChange> changes = Histories.user(userId, events);
        List<PersonalDataExport.ExportedEvent> history = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent event = events.get(i);
            HistoryChange change = changes.get(i);
            history.add(new PersonalDataExport.ExportedEvent(change.version(), change.type(), change.at(),
                    change.changes(), change.by(), change.correlationId(), event.idempotencyKey(),
                    event.metaData()));
        }
        return history;
    }

    /** The user's rows as stored; the table's user_id column holds a user's id for the keys of their requests. */
    private List<PersonalDataExport.ExportedIdempotencyKey> idempotencyKeys(String userId) {
        return jdbc.query("""
                        SELECT idempotency_key, operation, status, version, request_hash, created_at
                          FROM idempotency_keys WHERE user_id = ? ORDER BY created_at, idempotency_key""",
                (row, n) -> new PersonalDataExport.ExportedIdempotencyKey(row.getString("idempotency_key"),
                        row.getString("operation"), row.getInt("status"), row.getLong("version"),
                        row.getString("request_hash"), row.getTimestamp("created_at").toInstant()),
                userId);
    }
}
