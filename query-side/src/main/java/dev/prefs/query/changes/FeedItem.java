package dev.prefs.query.changes;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * One change of the feed as clients see it: a user whose effective values changed, the fields that moved
 * ({@code from}/{@code to}, null where there was or is no value) and what caused it.
 */
@JsonPropertyOrder({"cursor", "userId", "tenantId", "version", "at", "cause", "changes"})
record FeedItem(String cursor, String userId,
                @Schema(nullable = true, description = "The user's tenant at the time, or null") String tenantId,
                long version, Instant at, Cause cause,
                @JsonRawValue
                @Schema(implementation = java.util.Map.class, description = "field (theme, language, notifications.email,"
                        + " notifications.push, notifications.sms, notificationsEnabled) to {\"from\", \"to\"}")
                String changes) {

    /**
     * What changed the user's effective values: the {@code layer} ({@code user}, {@code tenant}, {@code system}),
     * its {@code id} (the user id, the tenant id, or {@code system}), the event {@code type}, and {@code by} (the
     * caller's {@code sub}, when the event has one).
     */
    record Cause(String layer, String id, String type,
                 @Schema(nullable = true, description = "The sub of the token that made the change, or null") String by) {
    }

    static FeedItem of(StoredItem item) {
        return new FeedItem(FeedCursor.of(item.position()), item.userId(), item.tenantId(), item.version(),
                item.at(), new Cause(item.causeLayer(), item.causeId(), item.causeType(), item.causeBy()),
                item.changes());
    }
}
