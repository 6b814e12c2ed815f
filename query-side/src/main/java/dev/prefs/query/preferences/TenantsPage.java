package dev.prefs.query.preferences;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of GET /admin/tenants: the tenants whose defaults were set, by tenant id. */
@Schema(name = "TenantsPage")
record TenantsPage(List<TenantSummary> items,
                   @Schema(description = "The after of the next page; null on the last page", nullable = true)
                   String next) {

    /** A tenant as the list shows it: its layer (only the fields set), what it enforces, and its existing users. */
    @Schema(name = "TenantSummary", requiredProperties = {"tenantId", "defaults", "enforced", "users", "version",
            "updatedAt"})
    record TenantSummary(@Schema(example = "acme") String tenantId,
                         @Schema(description = "The values the tenant sets (the others are left out)",
                                 example = "{\"language\": \"de\"}")
                         TenantDefaultsResponse.LayerValues defaults,
                         @Schema(description = "The fields the tenant enforces (wire names)", example = "[\"theme\"]")
                         List<String> enforced,
                         @Schema(description = "How many existing users the tenant has") long users,
                         @Schema(description = "The layer's event count; the ETag of its GET") long version,
                         @Schema(description = "When the layer last changed", example = "2026-12-01T10:15:30Z")
                         String updatedAt) {
    }
}
