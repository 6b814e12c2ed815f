package dev.prefs.query.rebuild;

import dev.prefs.events.InvalidValueException;
import tools.jackson.databind.JsonNode;

import static dev.prefs.query.projection.BuildStatus.LIVE;

import dev.prefs.query.projection.JobState;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
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
class ProjectionAdminController {

    record BuildStatus(int version, int generation, String status, String processingGroup, String table,
                       Long position, long headPosition, long lag, double progress, double eventsPerSecond,
                       Duration eta, long deadLetters, UUID jobId, String jobState) {
    }

    record ProjectionStatus(String name, Integer activeVersion, Integer activeGeneration, List<BuildStatus> versions) {
    }

    record RebuildStarted(UUID jobId, String name, int version, int generation, String status) {
    }

    record JobStatus(UUID jobId, String name, int version, int generation, String processingGroup, String state,
                     long processed, long total, double progress, long lag, double eventsPerSecond, Duration eta,
                     long deadLetters, String error) {
    }

    /** {@code generation} is optional: without it, the newest caught-up generation of the version. */
    record ActivateRequest(Integer version, Integer generation) {

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
    ResponseEntity<RebuildStarted> rebuild(@PathVariable String name,
                                           @RequestParam(required = false) Integer version,
                                           @RequestParam(defaultValue = "false") boolean force) {
        RegisteredBuild build = jobs.start(name, version, force);
        return ResponseEntity.accepted().location(URI.create("/admin/rebuilds/" + build.jobId()))
                .body(new RebuildStarted(build.jobId(), build.name(), build.version(), build.generation(),
                        JobState.text(build.jobState())));
    }

    @GetMapping("/admin/rebuilds/{jobId}")
    JobStatus job(@PathVariable UUID jobId) {
        RegisteredBuild build = registry.job(jobId).orElseThrow(() -> RebuildProblem.unknownJob(jobId));
        BuildFigures f = figures.figures(build);
        return new JobStatus(jobId, build.name(), build.version(), build.generation(), build.processingGroup(),
                JobState.text(build.jobState()), build.processed(), build.total(), f.progress(), f.lag(), f.eventsPerSecond(),
                f.eta(), f.deadLetters(), build.error());
    }

    /** Not in the contract's table, but its job states include cancelled: this is how a job gets there. */
    @PostMapping("/admin/rebuilds/{jobId}/cancel")
    JobStatus cancel(@PathVariable UUID jobId) {
        if (!jobs.cancel(jobId)) {
            throw RebuildProblem.notRunning(jobId);
        }
        return job(jobId);
    }

    @PostMapping("/admin/projections/{name}/activate")
    Activated activate(@PathVariable String name, @RequestBody JsonNode body) {
        if (runtime.declared().stream().noneMatch(v -> v.name().equals(name))) {
            throw RebuildProblem.unknownProjection(name);
        }
        ActivateRequest request = ActivateRequest.of(body);
        CutOver.Activation activation = cutOver.activate(name, request.version(), request.generation());
        if (activation.refusal() == CutOver.Refusal.UNKNOWN) {
            throw RebuildProblem.unknownVersion(name, request.version());
        }
        RegisteredBuild live = activation.live()
                .orElseThrow(() -> RebuildProblem.notCaughtUp(name, request.version()));
        return new Activated(name, live.version(), live.generation());
    }

    private static BuildStatus status(RegisteredBuild b, BuildFigures f) {
        return new BuildStatus(b.version(), b.generation(), b.status().text(), b.processingGroup(), b.table(),
                f.position(), f.headPosition(), f.lag(), f.progress(), f.eventsPerSecond(), f.eta(), f.deadLetters(),
                b.jobId(), JobState.text(b.jobState()));
    }
}
