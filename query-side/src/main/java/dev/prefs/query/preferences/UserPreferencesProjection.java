package dev.prefs.query.preferences;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.ProjectedEvent;
import dev.prefs.query.projection.PublicView;
import java.time.Instant;

/** Version 1 of the userpreferences projection: what a user's row looks like after each event. */
final class UserPreferencesProjection implements Fold<UserPreferencesView> {

    static final String NAME = "userpreferences";
    static final int VERSION = 1;
    static final String TABLE = "userpreferences_v1";
    /** The seed document's table for psql users: the live rows that exist, in V5's columns. */
    static final PublicView PUBLIC_VIEW = new PublicView("userpreferences", "SELECT id, user_id, theme, language,"
            + " notifications_enabled, created_at, updated_at, version FROM " + PublicView.TABLE + " WHERE NOT deleted");

    @Override
    public UserPreferencesView apply(UserPreferencesView row, ProjectedEvent event) {
        PreferencesEvent payload = event.payload();
        Instant at = event.timestamp();
        long version = event.version();
        if (payload instanceof PreferencesCreatedEvent created) {
            if (row != null && !row.deleted()) {
                throw inconsistent(event, "they already exist");
            }
            // A re-created user keeps the row (and id) of the first creation; the tombstone is overwritten.
            long id = row != null ? row.id() : event.globalIndex();
            return new UserPreferencesView(id, event.userId(), created.theme(), created.language(),
                    created.notificationsEnabled(), at, at, version, false);
        }
        if (row == null || row.deleted()) {
            throw inconsistent(event, "they do not exist");
        }
        if (payload instanceof ThemeChangedEvent changed) {
            return row.withValues(changed.theme(), row.language(), row.notificationsEnabled(), at, version);
        }
        if (payload instanceof LanguageChangedEvent changed) {
            return row.withValues(row.theme(), changed.language(), row.notificationsEnabled(), at, version);
        }
        if (payload instanceof NotificationsChangedEvent changed) {
            return row.withValues(row.theme(), row.language(), changed.notificationsEnabled(), at, version);
        }
        if (payload instanceof PreferencesResetEvent reset) {
            return row.withValues(reset.theme(), reset.language(), reset.notificationsEnabled(), at, version);
        }
        if (payload instanceof PreferencesDeletedEvent) {
            return row.asDeleted(at, version);
        }
        throw new IllegalArgumentException("Unknown preferences event " + payload.getClass().getName());
    }

    private static IllegalStateException inconsistent(ProjectedEvent event, String reason) {
        return new IllegalStateException(event.payload().getClass().getSimpleName() + " at version "
                                         + event.version() + " for user " + event.userId()
                                         + " cannot apply: " + reason);
    }
}
