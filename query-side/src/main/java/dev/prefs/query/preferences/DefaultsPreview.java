package dev.prefs.query.preferences;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The answer of a defaults preview: how many existing users' effective values the change would move, per field
 * (wire name) the moves as {@code "<from> → <to>"} with their counts, and up to {@link #SAMPLE} of those users.
 */
@Schema(name = "DefaultsPreview", requiredProperties = {"affectedUsers", "changes", "sample"})
record DefaultsPreview(long affectedUsers,
                       @Schema(example = "{\"theme\": {\"dark → light\": 120}}")
                       Map<String, Map<String, Long>> changes, List<String> sample) {

    static final int SAMPLE = 20;

    static final DefaultsPreview NOBODY = new DefaultsPreview(0, Map.of(), List.of());
}
