package dev.prefs.query.personaldata;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.query.preferences.PreferencesResponse;
import dev.prefs.query.timeline.HistoryChange;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/users/{userId}/export}: everything Prefs stores about one user, to be read by that
 * person. Times are ISO-8601 in UTC.
 */
@Schema(name = "PersonalDataExport", description = "Everything stored about a user: their effective preferences, "
        + "their tenant, every event of their preferences with its metadata, and the Idempotency-Keys stored for them",
        requiredProperties = {"userId", "exportedAt", "tenantId", "deleted", "history", "idempotencyKeys"})
record PersonalDataExport(@Schema(example = "alice") String userId,
                          @Schema(description = "When this export was made") Instant exportedAt,
                          @Schema(description = "The user's tenant now, as their events say (a deleted user's "
                                                + "last one), or null", example = "acme", nullable = true)
                          String tenantId,
                          @Schema(description = "True when the user's preferences are deleted (their history is "
                                                + "still stored)") boolean deleted,
                          @Schema(description = "The effective preferences, as GET /api/users/{userId}/preferences "
                                                + "answers them, folded from the events of history; left out once "
                                                + "deleted")
                          @JsonInclude(JsonInclude.Include.NON_NULL) PreferencesResponse preferences,
                          @Schema(description = "Every event of the user's preferences, oldest first")
                          List<ExportedEvent> history,
                          @Schema(description = "The Idempotency-Keys stored for the user's requests, oldest first")
                          List<ExportedIdempotencyKey> idempotencyKeys) {

    /** One event of the user's preferences, as the history shows it, with the whole of its stored metadata. */
    @Schema(name = "ExportedEvent", requiredProperties = {"version", "type", "at", "changes", "by", "correlationId",
            "idempotencyKey", "metadata"})
    record ExportedEvent(@Schema(minimum = "1") long version, @Schema(example = "ThemeChanged") String type,
                         Instant at,
                         @Schema(description = "The fields the event changed, each from and to (as in the history)")
                         Map<String, HistoryChange.FieldChange> changes,
                         @Schema(description = "The sub of whoever asked for it", nullable = true) String by,
                         @Schema(nullable = true) String correlationId,
                         @Schema(description = "The Idempotency-Key of the request that made it", nullable = true)
                         String idempotencyKey,
                         @Schema(description = "The event's metadata as stored, by key: sub (who, as by), "
                                               + "correlationId, traceId, idempotencyKey")
                         Map<String, String> metadata) {
    }

    /** A row of the stored Idempotency-Keys: the first answer to a request, kept so a repeat gets the same. */
    @Schema(name = "ExportedIdempotencyKey", requiredProperties = {"idempotencyKey", "operation", "status",
            "version", "requestHash", "createdAt"})
    record ExportedIdempotencyKey(@Schema(example = "k-1") String idempotencyKey,
                                  @Schema(description = "The request it answered",
                                          allowableValues = {"CREATE", "CHANGE", "RESET", "DELETE"}) String operation,
                                  @Schema(description = "The HTTP status of that first answer", example = "201")
                                  int status,
                                  @Schema(description = "The preferences' version that first answer gave",
                                          minimum = "1") long version,
                                  @Schema(description = "SHA-256 (hex) of the operation and the request's body")
                                  String requestHash,
                                  Instant createdAt) {
    }
}
