package dev.prefs.query.preferences;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of the list; {@code next} is the {@code after} cursor of the next page, null on the last one. */
@Schema(requiredProperties = {"items", "next"})
record PreferencesPage(List<PreferencesResponse> items,
                       @Schema(description = "The after of the next page; null on the last page", nullable = true)
                       String next) {
}
