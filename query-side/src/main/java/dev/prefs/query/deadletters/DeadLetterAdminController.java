package dev.prefs.query.deadletters;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
import dev.prefs.platform.openapi.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The events parked by failing projections, per processing group, and their retry. */
@RestController
@Tag(name = "Dead letters", description = "Events a failing projection parked, and their retry")
class DeadLetterAdminController {

    record Letter(String sequenceIdentifier, long sequenceIndex, String eventType,
                  @Schema(nullable = true) Long aggregateSequenceNumber,
                  @Schema(nullable = true) String causeType, @Schema(nullable = true) String cause,
                  String enqueuedAt, String lastTouched) {
    }

    record Group(String processingGroup, int count, List<Letter> deadLetters) {
    }

    record Retried(String processingGroup, int sequencesProcessed, long remaining) {
    }

    record Dropped(String processingGroup, long dropped) {
    }

    private final JdbcTemplate jdbc;
    private final ProjectionRegistry registry;
    private final ProjectionRuntime runtime;

    DeadLetterAdminController(JdbcTemplate jdbc, ProjectionRegistry registry, ProjectionRuntime runtime) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.runtime = runtime;
    }

    @GetMapping("/admin/dead-letters")
    @Operation(operationId = "listDeadLetters", summary = "The events parked by failing projections, per "
                                                          + "processing group")
    @ApiResponse(responseCode = "200", description = "The parked events")
    List<Group> deadLetters() {
        Map<String, List<Letter>> groups = new LinkedHashMap<>();
        jdbc.query("""
                SELECT processing_group, sequence_identifier, sequence_index, payload_type, sequence_number,
                       cause_type, cause_message, enqueued_at, last_touched
                FROM dead_letter_entry ORDER BY processing_group, sequence_identifier, sequence_index""", rs -> {
            groups.computeIfAbsent(rs.getString(1), g -> new ArrayList<>()).add(new Letter(rs.getString(2),
                    rs.getLong(3), rs.getString(4), rs.getObject(5, Long.class), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9)));
        });
        List<Group> answer = new ArrayList<>();
        groups.forEach((group, letters) -> answer.add(new Group(group, letters.size(), letters)));
        return answer;
    }

    @PostMapping("/admin/dead-letters/{processingGroup}/retry")
    @Operation(operationId = "retryDeadLetters", summary = "Process a processing group's parked events again")
    @ApiResponse(responseCode = "200", description = "Retried; what is still parked")
    @Problem(status = 404, when = "No projection build has that processing group")
    Retried retry(@Parameter(example = "userpreferences_v2") @PathVariable String processingGroup) {
        RegisteredBuild row = registry.build(processingGroup)
                .orElseThrow(() -> new UnknownProcessingGroupException(processingGroup));
        Build<?> build = runtime.build(row)
                .orElseThrow(() -> new UnknownProcessingGroupException(processingGroup));
        int processed = runtime.retryDeadLetters(build);
        Long remaining = jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?",
                Long.class, processingGroup);
        return new Retried(processingGroup, processed, remaining == null ? 0 : remaining);
    }

    /**
     * For events a build must never project (a fix that will not come, a build about to be replaced): they stay in
     * the event store, and a rebuild reads them again.
     */
    @DeleteMapping("/admin/dead-letters/{processingGroup}")
    @Operation(operationId = "dropDeadLetters", summary = "Drop a processing group's parked events",
            description = "The events stay in the event store; this build skips them for good, a rebuild reads "
                          + "them again.")
    @ApiResponse(responseCode = "200", description = "Dropped; how many")
    @Problem(status = 404, when = "No projection build has that processing group")
    Dropped drop(@Parameter(example = "userpreferences_v2") @PathVariable String processingGroup) {
        RegisteredBuild row = registry.build(processingGroup)
                .orElseThrow(() -> new UnknownProcessingGroupException(processingGroup));
        Build<?> build = runtime.build(row)
                .orElseThrow(() -> new UnknownProcessingGroupException(processingGroup));
        Long parked = jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?",
                Long.class, processingGroup);
        runtime.deadLetters(build).clear();
        return new Dropped(processingGroup, parked == null ? 0 : parked);
    }
}
