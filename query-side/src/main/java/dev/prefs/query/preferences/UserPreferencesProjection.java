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

/**
 * The userpreferences projection: what a user's row looks like after each event. Both declared versions fold with
 * it; they differ in their tables. Version 1 (V5) keeps release 1's one switch, {@code notifications_enabled}, true
 * when any channel is on; version 2 (V8) keeps the channels. Events of release 1 reach this fold already upcast
 * to channels.
 */
final class UserPreferencesProjection implements Fold<UserPreferencesView> {

    static final String NAME = "userpreferences";
    static final int VERSION_1 = 1;
    static final String TABLE_1 = "userpreferences_v1";
    static final int VERSION_2 = 2;
    static final String TABLE_2 = "userpreferences_v2";
    /** The CRUD service's old table, for psql users: the live rows that exist, in V5's columns. */
    static final PublicView PUBLIC_VIEW_1 = new PublicView("userpreferences", "SELECT id, user_id, theme, language,"
            + " notifications_enabled, created_at, updated_at, version FROM " + PublicView.TABLE + " WHERE NOT deleted");
    /** The same with the channels after V5's columns. */
    static final PublicView PUBLIC_VIEW_2 = new PublicView("userpreferences", "SELECT id, user_id, theme, language,"
            + " notifications_enabled, created_at, updated_at, version, notify_email, notify_push, notify_sms FROM "
            + PublicView.TABLE + " WHERE NOT deleted");

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
            return UserPreferencesView.created(id, event.userId(), created.theme(), created.language(),
                    created.notifications(), at, version);
        }
        if (row == null || row.deleted()) {
            throw inconsistent(event, "they do not exist");
        }
        if (payload instanceof ThemeChangedEvent changed) {
            return row.with(changed.theme(), row.language(), at, version);
        }
        if (payload instanceof LanguageChangedEvent changed) {
            return row.with(row.theme(), changed.language(), at, version);
        }
        if (payload instanceof NotificationsChangedEvent changed) {
            return row.withNotifications(changed.notifications(), at, version);
        }
        if (payload instanceof PreferencesResetEvent reset) {
            return row.with(reset.theme(), reset.language(), at, version)
                      .withNotifications(reset.notifications(), at, version);
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
