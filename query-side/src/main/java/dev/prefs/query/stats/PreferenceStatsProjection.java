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
 * Version 1 of the preferencestats projection: the per-user state the counters are computed from (the counters
 * themselves change by the difference between a user's old and new state, see {@link PreferenceStatsViewRepository}).
 */
final class PreferenceStatsProjection implements Fold<StatsUserView> {

    static final String NAME = "preferencestats";
    static final int VERSION = 1;
    static final String TABLE_PREFIX = "preferencestats_v1";

    @Override
    public StatsUserView apply(StatsUserView row, ProjectedEvent event) {
        PreferencesEvent payload = event.payload();
        long version = event.version();
        if (payload instanceof PreferencesCreatedEvent created) {
            if (row != null && !row.deleted()) {
                throw inconsistent(event, "they already exist");
            }
            return new StatsUserView(event.userId(), version, false, created.theme(), created.language(),
                    created.notificationsEnabled());
        }
        if (row == null || row.deleted()) {
            throw inconsistent(event, "they do not exist");
        }
        if (payload instanceof ThemeChangedEvent changed) {
            return row.with(changed.theme(), row.language(), row.notificationsEnabled(), version);
        }
        if (payload instanceof LanguageChangedEvent changed) {
            return row.with(row.theme(), changed.language(), row.notificationsEnabled(), version);
        }
        if (payload instanceof NotificationsChangedEvent changed) {
            return row.with(row.theme(), row.language(), changed.notificationsEnabled(), version);
        }
        if (payload instanceof PreferencesResetEvent reset) {
            return row.with(reset.theme(), reset.language(), reset.notificationsEnabled(), version);
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
