package dev.prefs.query.preferences;

import dev.prefs.events.InvalidValueException;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.CommitSignals;
import dev.prefs.query.projection.LiveProjections;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/** Reads of the live userpreferences version, waiting for a version the caller has written when asked to. */
final class UserPreferencesQueries {

    private final LiveProjections liveProjections;
    private final CommitSignals signals;
    private final Duration consistencyTimeout;
    private final ToLongFunction<String> storedVersion;

    /** {@code storedVersion}: the version of a user's preferences in the event store (0 for none). */
    UserPreferencesQueries(LiveProjections liveProjections, CommitSignals signals, Duration consistencyTimeout,
                           ToLongFunction<String> storedVersion) {
        this.liveProjections = liveProjections;
        this.signals = signals;
        this.consistencyTimeout = consistencyTimeout;
        this.storedVersion = storedVersion;
    }

    /**
     * The user's preferences once the read model holds {@code minVersion} or later (at once for 0). Deleted at or
     * after that version counts as absent, not as late. A version beyond what the event store holds was never
     * written (a write is acknowledged only once its events are committed): that is the caller's mistake, answered
     * at once rather than after the timeout.
     */
    CurrentPreferences current(String userId, long minVersion) {
        Optional<CurrentPreferences> row = find(userId);
        if (minVersion > 0 && row.filter(r -> r.view().version() >= minVersion).isEmpty()) {
            long stored = storedVersion.applyAsLong(userId);
            if (stored < minVersion) {
                throw new InvalidValueException("minVersion", "is beyond the last version written for " + userId
                                                              + " (" + stored + ")");
            }
            row = signals.await(UserPreferencesVersion.NAME, userId, consistencyTimeout,
                    () -> find(userId).filter(r -> r.view().version() >= minVersion));
        }
        if (row.isEmpty() && minVersion > 0) {
            throw new ConsistencyTimeoutException(userId, minVersion, consistencyTimeout);
        }
        return row.filter(r -> !r.view().deleted()).orElseThrow(() -> new PreferencesNotFoundException(userId));
    }

    /** The tenant the user belongs to as the live read model says (null: none, or no such user). */
    String tenantOf(String userId) {
        return find(userId).filter(r -> !r.view().deleted()).map(CurrentPreferences::tenantId).orElse(null);
    }

    List<CurrentPreferences> page(PreferencesFilter filter, String after, int limit) {
        Build<?> live = live();
        return UserPreferencesReadModel.of(live).page(live, filter, after, limit);
    }

    private Optional<CurrentPreferences> find(String userId) {
        Build<?> live = live();
        return UserPreferencesReadModel.of(live).find(live, userId);
    }

    /** The live build of userpreferences, whose version knows how its tables are read. */
    Build<?> live() {
        return liveProjections.liveBuild(UserPreferencesVersion.NAME);
    }
}
