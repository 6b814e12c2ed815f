package dev.prefs.query.preferences;

import dev.prefs.query.projection.CommitSignals;
import dev.prefs.query.projection.LiveProjections;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads of the live userpreferences version, waiting for a version the caller has written when asked to. */
final class UserPreferencesQueries {

    private final UserPreferencesViewRepository repository;
    private final LiveProjections liveProjections;
    private final CommitSignals signals;
    private final Duration consistencyTimeout;

    UserPreferencesQueries(UserPreferencesViewRepository repository, LiveProjections liveProjections,
                           CommitSignals signals, Duration consistencyTimeout) {
        this.repository = repository;
        this.liveProjections = liveProjections;
        this.signals = signals;
        this.consistencyTimeout = consistencyTimeout;
    }

    /**
     * The user's preferences once the read model holds {@code minVersion} or later (at once for 0). Deleted at or
     * after that version counts as absent, not as late.
     */
    UserPreferencesView current(String userId, long minVersion) {
        Optional<UserPreferencesView> row = minVersion <= 0
                ? find(userId)
                : signals.await(UserPreferencesProjection.NAME, userId, consistencyTimeout,
                        () -> find(userId).filter(r -> r.version() >= minVersion));
        if (row.isEmpty() && minVersion > 0) {
            throw new ConsistencyTimeoutException(userId, minVersion, consistencyTimeout);
        }
        return row.filter(r -> !r.deleted()).orElseThrow(() -> new PreferencesNotFoundException(userId));
    }

    List<UserPreferencesView> page(PreferencesFilter filter, String after, int limit) {
        return repository.page(liveProjections.live(UserPreferencesProjection.NAME), filter, after, limit);
    }

    private Optional<UserPreferencesView> find(String userId) {
        return repository.find(liveProjections.live(UserPreferencesProjection.NAME), userId);
    }
}
