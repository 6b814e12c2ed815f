package dev.prefs.query.stats;

import dev.prefs.query.projection.Build;

/** What {@code GET /api/preferences/stats} reads from the live build of preferencestats, whichever version it is. */
interface PreferenceStatsReadModel {

    /** The counts over every existing user, or over {@code tenantId}'s (null: everyone). */
    PreferenceStats stats(Build<?> build, String tenantId);

    static PreferenceStatsReadModel of(Build<?> live) {
        if (live.version() instanceof PreferenceStatsReadModel model) {
            return model;
        }
        throw new IllegalStateException(live.version() + " is not a preferencestats version");
    }
}
