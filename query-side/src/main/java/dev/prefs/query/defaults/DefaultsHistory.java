package dev.prefs.query.defaults;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prefs.query.timeline.HistoryChange;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code GET /api/tenants/{tenantId}/defaults/history} and {@code GET /admin/defaults/history}: every
 * change of a defaults layer, oldest first. The system's has no {@code tenantId}.
 */
record DefaultsHistory(@Schema(description = "The tenant; absent in the system's history", example = "acme")
                       @JsonInclude(JsonInclude.Include.NON_NULL) String tenantId,
                       List<HistoryChange> changes) {
}
