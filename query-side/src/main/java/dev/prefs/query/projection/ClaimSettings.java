package dev.prefs.query.projection;

import java.time.Duration;

/**
 * How the projection processors hold their segment claims in {@code token_entry}, so that the claims of a process
 * that is gone (killed, crashed, cut off) are taken over promptly by the processes that are left.
 * <p>
 * A claim older than {@code timeout} may be taken by any process (Axon's JDBC token store decides that). A live owner
 * renews each of its claims ({@code extension}: a segment that had no events to store for that long extends its
 * claim; the coordinator also extends claims while a long batch runs), and every {@code interval} the coordinator
 * tries to claim the segments nobody holds or whose claim timed out. So a dead owner's segments are taken over
 * within about {@code timeout + interval}. An idle live owner renews within about {@code extension + interval} (the
 * coordinator wakes at that interval when there is nothing to read), which must stay well below {@code timeout}, or
 * live processes would steal each other's segments back and forth.
 *
 * @param timeout   {@code prefs.events.token-claim-timeout}: the token store's claim timeout
 * @param extension {@code prefs.query.projections.claim-extension}: the heartbeat of a held claim
 * @param interval  {@code prefs.query.projections.claim-interval}: how often unclaimed segments are looked for
 */
record ClaimSettings(Duration timeout, Duration extension, Duration interval) {

    ClaimSettings {
        if (timeout.isNegative() || timeout.isZero() || extension.isNegative() || extension.isZero()
            || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("claim timeout, extension and interval must be positive");
        }
        // The renewal must land before the claim expires, with room for a slow transaction or a GC pause.
        if (extension.plus(interval).multipliedBy(2).compareTo(timeout) > 0) {
            throw new IllegalArgumentException("prefs.query.projections.claim-extension (" + extension
                    + ") + claim-interval (" + interval + ") must be at most half of prefs.events.token-claim-timeout ("
                    + timeout + "), or live processes would take each other's segments");
        }
    }
}
