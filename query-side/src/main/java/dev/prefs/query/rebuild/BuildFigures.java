package dev.prefs.query.rebuild;

import java.time.Duration;

/**
 * Where a build stands: the lowest position of its processor's segments ({@code null} while it has no tokens, in its
 * bulk phase), the event store's head, how many events it is behind, its progress (0..1), the bulk phase's rate
 * and the estimated time left ({@code null} when unknown), and how many events its dead-letter queue holds.
 */
record BuildFigures(Long position, long headPosition, long lag, double progress, double eventsPerSecond,
                    Duration eta, long deadLetters) {

    boolean caughtUp(long maxLag) {
        return position != null && lag <= maxLag;
    }
}
