package dev.prefs.query.rebuild;

import dev.prefs.events.InvalidValueException;
import tools.jackson.databind.JsonNode;

import static dev.prefs.query.projection.BuildStatus.LIVE;

import dev.prefs.query.projection.BuildStatus;
import dev.prefs.query.projection.JobState;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
import dev.prefs.platform.openapi.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The projection admin paths of the HTTP contract: status, rebuild, job status and activation. */
@RestController
@Tag(name = "Projections", description = "Read models: their builds, rebuilds and which version serves reads")
class ProjectionAdminController {

    @Schema(name = "BuildStatus", description = "One build of a projection version")
    record BuildView(int version, int generation, BuildStatus status,
                       String processingGroup, String table,
                       @Schema(description = "The last event it has processed; null before the first",
                               nullable = true) Long position,
                       long headPosition, long lag,
                       @Schema(minimum = "0", maximum = "1") double progress, double eventsPerSecond,
                       @Schema(type = "string", description = "ISO-8601 duration until caught up; null when "
                               + "unknown or done", example = "PT42S", nullable = true) Duration eta,
                       long deadLetters,
                       @Schema(description = "The rebuild job that made it, if any", nullable = true) UUID jobId,
                       @Schema(nullable = true) JobState jobState) {
    }

    record ProjectionStatus(@Schema(example = "userpreferences") String name,
                            @Schema(description = "The version serving reads; null when none", nullable = true)
                            Integer activeVersion,
                            @Schema(nullable = true) Integer activeGeneration, List<BuildView> versions) {
    }

    record RebuildStarted(UUID jobId, String name, int version, int generation, JobState status) {
    }

    record JobStatus(UUID jobId, String name, int version, int generation, String processingGroup,
                     JobState state,
                     long processed, long total, @Schema(minimum = "0", maximum = "1") double progress, long lag,
                     double eventsPerSecond,
                     @Schema(type = "string", description = "ISO-8601 duration until caught up; null when unknown "
                             + "or done", example = "PT42S", nullable = true) Duration eta,
                     long deadLetters,
                     @Schema(description = "Why the job failed; null unless it did", nullable = true) String error) {
    }

    /** {@code generation} is optional: without it, the newest caught-up generation of the version. */
    @Schema(name = "ActivateRequest", requiredProperties = "version",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record ActivateRequest(@Schema(description = "The projection version to serve reads from", minimum = "1",
                                   example = "2") Integer version,
                           @Schema(description = "Which build of that version; the newest caught-up one if left out",
                                   minimum = "1", example = "1") Integer generation) {

        /** Read strictly: an operator's typo must not switch reads to something else than meant. */
        static ActivateRequest of(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw new InvalidValueException("body", "must be a JSON object such as {\"version\": 2}");
            }
            for (String field : body.propertyNames()) {
                if (!field.equals("version") && !field.equals("generation")) {
                    throw new InvalidValueException(field, "is not a field of an activation (version, generation)");
                }
            }
            if (!body.has("version")) {
                throw new InvalidValueException("version", "is required");
            }
            return new ActivateRequest(positive(body, "version"), body.has("generation")
                    ? positive(body, "generation") : null);
        }

        private static int positive(JsonNode body, String field) {
            JsonNode value = body.get(field);
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
                throw new InvalidValueException(field, "must be a whole number from 1");
            }
            return value.asInt();
        }
    }

    record Activated(String name, int activeVersion, int activeGeneration) {
    }

    private final ProjectionRegistry registry;
    private final ProjectionRuntime runtime;
    private final RebuildJobs jobs;
    private final CutOver cutOver;
    private final BuildFiguresReader figures;

    ProjectionAdminController(ProjectionRegistry registry, ProjectionRuntime runtime, RebuildJobs jobs,
                              CutOver cutOver, BuildFiguresReader figures) {
        this.registry = registry;
        this.runtime = runtime;
        this.jobs = jobs;
        this.cutOver = cutOver;
        this.figures = figures;
    }

    @GetMapping("/admin/projections")
    @Operation(operationId = "listProjections", summary = "Every projection: its builds, lag and progress")
    @ApiResponse(responseCode = "200", description = "The projections")
    List<ProjectionStatus> projections() {
        long head = figures.head();
        Map<String, List<RegisteredBuild>> byName = new TreeMap<>();
        registry.builds().forEach(b -> byName.computeIfAbsent(b.name(), n -> new ArrayList<>()).add(b));
        List<ProjectionStatus> answer = new ArrayList<>();
        byName.forEach((name, builds) -> {
            RegisteredBuild live = builds.stream().filter(b -> b.status() == LIVE)
                    .findFirst().orElse(null);
            answer.add(new ProjectionStatus(name, live == null ? null : live.version(),
                    live == null ? null : live.generation(),
                    builds.stream().map(b -> status(b, figures.figures(b, head))).toList()));
        });
        return answer;
    }

    @PostMapping("/admin/projections/{name}/rebuild")
    @Operation(operationId = "rebuildProjection", summary = "Start a rebuild of a projection beside the live one",
            description = "Reads switch to the new build once it has caught up.")
    @ApiResponse(responseCode = "202", description = "Started; follow the job at Location",
            headers = @Header(name = "Location", ref = dev.prefs.platform.openapi.HeaderRefs.LOCATION))
    @Problem(status = 400, when = "version is not a whole number, or force not a boolean")
    @Problem(status = 404, when = "No such projection, or no such version of it")
    @Problem(status = 409, when = "A rebuild of this projection is running (jobId names it); or it has no live "
                                  + "version to rebuild")
    ResponseEntity<RebuildStarted> rebuild(@Parameter(example = "userpreferences") @PathVariable String name,
                                           @Parameter(description = "The version to build; the live one if left "
                                                   + "out", schema = @Schema(type = "integer", format = "int32",
                                                   minimum = "1"))
                                           @RequestParam(required = false) Integer version,
                                           @Parameter(description = "Build even if a caught-up build of that "
                                                   + "version exists")
                                           @RequestParam(defaultValue = "false") boolean force) {
        RegisteredBuild build = jobs.start(name, version, force);
        return ResponseEntity.accepted().location(URI.create("/admin/rebuilds/" + build.jobId()))
                .body(new RebuildStarted(build.jobId(), build.name(), build.version(), build.generation(),
                        build.jobState()));
    }

    @GetMapping("/admin/rebuilds/{jobId}")
    @Operation(operationId = "getRebuild", summary = "A rebuild job's state and progress")
    @ApiResponse(responseCode = "200", description = "The job")
    @Problem(status = 400, when = "jobId is not a UUID")
    @Problem(status = 404, when = "No such job")
    JobStatus job(@PathVariable UUID jobId) {
        RegisteredBuild build = registry.job(jobId).orElseThrow(() -> RebuildProblem.unknownJob(jobId));
        BuildFigures f = figures.figures(build);
        return new JobStatus(jobId, build.name(), build.version(), build.generation(), build.processingGroup(),
                build.jobState(), build.processed(), build.total(), f.progress(), f.lag(), f.eventsPerSecond(),
                f.eta(), f.deadLetters(), build.error());
    }

    /** Not in the contract's table, but its job states include cancelled: this is how a job gets there. */
    @PostMapping("/admin/rebuilds/{jobId}/cancel")
    @Operation(operationId = "cancelRebuild", summary = "Cancel a running rebuild")
    @ApiResponse(responseCode = "200", description = "Cancelled; the job as it is now")
    @Problem(status = 400, when = "jobId is not a UUID")
    @Problem(status = 404, when = "No such job")
    @Problem(status = 409, when = "The job has already ended")
    JobStatus cancel(@PathVariable UUID jobId) {
        if (!jobs.cancel(jobId)) {
            throw RebuildProblem.notRunning(jobId);
        }
        return job(jobId);
    }

    @PostMapping("/admin/projections/{name}/activate")
    @Operation(operationId = "activateProjection", summary = "Serve reads from a version (roll back or forward)",
            description = "Switches in one transaction; the previous build stays on standby.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = ActivateRequest.class),
            examples = @ExampleObject(value = "{\"version\": 2, \"generation\": 1}")))
    @ApiResponse(responseCode = "200", description = "Reads are served from that version now")
    @Problem(status = 400, when = "The body is not {\"version\": N} with an optional generation, N from 1")
    @Problem(status = 404, when = "No such projection, or no such version of it")
    @Problem(status = 409, when = "That version has no build that has caught up")
    @Problem(status = 415, when = "A body that is not application/json")
    Activated activate(@Parameter(example = "userpreferences") @PathVariable String name,
                       @RequestBody JsonNode body) {
        if (runtime.declared().stream().noneMatch(v -> v.name().equals(name))) {
            throw RebuildProblem.unknownProjection(name);
        }
        ActivateRequest request = ActivateRequest.of(body);
        CutOver.Activation activation = cutOver.activate(name, request.version(), request.generation());
        if (activation.refusal() == CutOver.Refusal.UNKNOWN) {
            List<Integer> generations = registry.builds(name).stream().filter(b -> b.version() == request.version())
                    .map(RegisteredBuild::generation).sorted().toList();
            throw request.generation() != null && !generations.isEmpty()
                    ? RebuildProblem.unknownGeneration(name, request.version(), request.generation(), generations)
                    : RebuildProblem.unknownVersion(name, request.version());
        }
        RegisteredBuild live = activation.live()
                .orElseThrow(() -> RebuildProblem.notCaughtUp(name, request.version()));
        return new Activated(name, live.version(), live.generation());
    }

    private static BuildView status(RegisteredBuild b, BuildFigures f) {
        return new BuildView(b.version(), b.generation(), b.status(), b.processingGroup(), b.table(),
                f.position(), f.headPosition(), f.lag(), f.progress(), f.eventsPerSecond(), f.eta(), f.deadLetters(),
                b.jobId(), b.jobState());
    }
}
