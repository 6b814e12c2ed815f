package dev.prefs.query.preferences;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferenceDefaults;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.ProjectedEvent;
import java.time.Instant;

/**
 * The fold of versions 1 and 2 of userpreferences, which keep release 2's meaning: no layers, a value a user does not
 * hold explicitly is the built-in default (what a null meant in release 2), tenants are not kept.
 * The userpreferences fold: what a user's row looks like after each event. Every version folds with it; they differ
 * in their tables (see {@link UserPreferencesVersion}). Events of release 1 reach this fold already upcast to
 * channels. The preferencestats projection counts what this fold makes, so it is public.
 */
public final class UserPreferencesProjection implements Fold<UserPreferencesView> {

    @Override
    public UserPreferencesView apply(UserPreferencesView row, ProjectedEvent event) {
        if (!(event.payload() instanceof PreferencesEvent payload)) {
            return row;
        }
        Instant at = event.timestamp();
        long version = event.version();
        if (payload instanceof PreferencesCreatedEvent created) {
            if (row != null && !row.deleted()) {
                throw inconsistent(event, "they already exist");
            }
            // A re-created user keeps the row (and id) of the first creation; the tombstone is overwritten.
            long id = row != null ? row.id() : event.globalIndex();
            return UserPreferencesView.created(id, event.userId(), orDefault(created.theme(), PreferenceDefaults.THEME),
                    orDefault(created.language(), PreferenceDefaults.LANGUAGE),
                    created.notifications().over(PreferenceDefaults.NOTIFICATIONS), at, version);
        }
        if (row == null || row.deleted()) {
            throw inconsistent(event, "they do not exist");
        }
        if (payload instanceof ThemeChangedEvent changed) {
            return row.with(orDefault(changed.theme(), PreferenceDefaults.THEME), row.language(), at, version);
        }
        if (payload instanceof LanguageChangedEvent changed) {
            return row.with(row.theme(), orDefault(changed.language(), PreferenceDefaults.LANGUAGE), at, version);
        }
        if (payload instanceof NotificationsChangedEvent changed) {
            return row.withNotifications(changed.notifications().over(PreferenceDefaults.NOTIFICATIONS), at, version);
        }
        if (payload instanceof PreferencesResetEvent reset) {
            return row.with(orDefault(reset.theme(), PreferenceDefaults.THEME),
                            orDefault(reset.language(), PreferenceDefaults.LANGUAGE), at, version)
                      .withNotifications(reset.notifications().over(PreferenceDefaults.NOTIFICATIONS), at, version);
        }
        if (payload instanceof PreferencesMovedEvent) {
            return row.with(row.theme(), row.language(), at, version);
        }
        if (payload instanceof PreferencesDeletedEvent) {
            return row.asDeleted(at, version);
        }
        throw new IllegalArgumentException("Unknown preferences event " + payload.getClass().getName());
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null ? defaultValue : value;
    }

    private static IllegalStateException inconsistent(ProjectedEvent event, String reason) {
        return new IllegalStateException(event.payload().getClass().getSimpleName() + " at version "
                                         + event.version() + " for user " + event.userId()
                                         + " cannot apply: " + reason);
    }
}
