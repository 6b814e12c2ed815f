package dev.prefs.command.defaults;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer body of a successful change of a tenant's defaults. */
@Schema(description = "The tenant and the version its defaults are at now", requiredProperties = {"tenantId", "version"})
record TenantDefaultsVersion(@Schema(example = "acme") String tenantId,
                             @Schema(description = "The tenant layer's event count; the ETag; 0 while never set",
                                     minimum = "0", example = "2") long version) {
}
