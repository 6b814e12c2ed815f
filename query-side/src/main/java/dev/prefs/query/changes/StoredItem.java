package dev.prefs.query.changes;

import java.time.Instant;

/**
 * One item of the feed as stored: its position (the cursor), the event that caused it (global index, and the
 * user's ordinal in that event's fan-out), the user, and the cause; {@code changes} is the JSON text of the fields.
 */
record StoredItem(long position, long globalIndex, int ordinal, String userId, String tenantId, long version,
                  Instant at, String causeLayer, String causeId, String causeType, String causeBy, String changes) {
}
