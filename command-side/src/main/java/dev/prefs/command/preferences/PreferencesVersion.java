package dev.prefs.command.preferences;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer body of a successful create, change or reset. */
@Schema(description = "The user and the version the preferences are at now", requiredProperties = {"userId", "version"})
record PreferencesVersion(@Schema(example = "alice") String userId,
                          @Schema(description = "The preferences' event count; the ETag", minimum = "1",
                                  example = "3") long version) {
}
