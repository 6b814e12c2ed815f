package dev.prefs.query.stats;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.ProjectedEvent;

/**
 * The preferencestats projection: the per-user state the counters are computed from (the counters themselves change
 * by the difference between a user's old and new state, see {@link PreferenceStatsVersion}). Every version folds
 * with this class.
 */
final class PreferenceStatsProjection implements Fold<StatsUserView> {

    @Override
    public StatsUserView apply(StatsUserView row, ProjectedEvent event) {
        PreferencesEvent payload = event.payload();
        long version = event.version();
        if (payload instanceof PreferencesCreatedEvent created) {
            if (row != null && !row.deleted()) {
                throw inconsistent(event, "they already exist");
            }
            return StatsUserView.created(event.userId(), version, created.theme(), created.language(),
                    created.notifications());
        }
        if (row == null || row.deleted()) {
            throw inconsistent(event, "they do not exist");
        }
        if (payload instanceof ThemeChangedEvent changed) {
            return row.with(changed.theme(), row.language(), version);
        }
        if (payload instanceof LanguageChangedEvent changed) {
            return row.with(row.theme(), changed.language(), version);
        }
        if (payload instanceof NotificationsChangedEvent changed) {
            return row.withNotifications(changed.notifications(), version);
        }
        if (payload instanceof PreferencesResetEvent reset) {
            return row.with(reset.theme(), reset.language(), version).withNotifications(reset.notifications(), version);
        }
        if (payload instanceof PreferencesDeletedEvent) {
            return row.asDeleted(version);
        }
        throw new IllegalArgumentException("Unknown preferences event " + payload.getClass().getName());
    }

    private static IllegalStateException inconsistent(ProjectedEvent event, String reason) {
        return new IllegalStateException(event.payload().getClass().getSimpleName() + " at version "
                                         + event.version() + " for user " + event.userId()
                                         + " cannot apply: " + reason);
    }
}
