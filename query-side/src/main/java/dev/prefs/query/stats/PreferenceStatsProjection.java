package dev.prefs.query.stats;

import dev.prefs.query.preferences.UserPreferencesProjection;
import dev.prefs.query.preferences.UserPreferencesView;
import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.ProjectedEvent;

/**
 * The preferencestats fold: the userpreferences fold, of whose rows the counts keep only what they count (the
 * counters themselves change by the difference between a user's old and new state, see {@link
 * PreferenceStatsVersion}). So a user counts exactly as the userpreferences row says, and a new event is learnt in
 * one place.
 */
final class PreferenceStatsProjection implements Fold<StatsUserView> {

    private final UserPreferencesProjection users = new UserPreferencesProjection();

    @Override
    public StatsUserView apply(StatsUserView row, ProjectedEvent event) {
        return StatsUserView.of(users.apply(row == null ? null : row.asUserPreferences(), event));
    }
}
