package dev.prefs.command.defaults;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer body of a successful change of the system defaults. */
@Schema(description = "The version the system defaults are at now", requiredProperties = {"version"})
record SystemDefaultsVersion(@Schema(description = "The system layer's event count; the ETag; 0 while built-in",
                                     minimum = "0", example = "1") long version) {
}
