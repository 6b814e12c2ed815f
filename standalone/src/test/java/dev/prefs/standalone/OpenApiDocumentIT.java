package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.report.ValidationReport;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.standalone.ApiContract.Answer;
import dev.prefs.standalone.ApiContract.Call;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document is valid and tells the truth: real requests to every operation, provoking every status
 * code they can, get exactly the answers (status, Content-Type, body) the document declares for that operation.
 */
class OpenApiDocumentIT {

    private static final String JSON = "application/json";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static ApiContract contract;
    private static String admin;
    private static final List<String> contradictions = new ArrayList<>();
    private static final Set<String> answered = new TreeSet<>();

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        contract = ApiContract.of(((WebServerApplicationContext) app).getWebServer().getPort());
        admin = "Bearer " + JwtTokens.mint(Http.SECRET, "openapi-admin", true, Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theDocumentIsValidOpenApi() {
        assertThat(contract.parsed.getMessages()).as("swagger-parser's messages").isEmpty();
        assertThat(contract.api.getOpenapi()).startsWith("3.0.");
        assertThat(contract.api.getInfo().getTitle()).isEqualTo("Prefs");
        assertThat(contract.api.getInfo().getVersion()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(contract.api.getInfo().getDescription()).contains("Authorization: Bearer");
    }

    @Test
    void everyProtectedOperationNeedsTheBearerTokenAndAnswersProblems() {
        SecurityScheme scheme = contract.api.getComponents().getSecuritySchemes().get("bearer-jwt");
        assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(scheme.getScheme()).isEqualTo("bearer");
        assertThat(scheme.getBearerFormat()).isEqualTo("JWT");
        assertThat(contract.api.getSecurity()).as("no document-wide requirement: health is open").isNull();
        assertThat(contract.api.getPaths().keySet()).as("every path of the contract")
                .contains("/api/users/{userId}/preferences", "/api/users/{userId}/preferences/reset",
                        "/api/users/{userId}/preferences/history", "/api/preferences", "/api/preferences/stats",
                        "/admin/projections", "/admin/projections/{name}/rebuild", "/admin/rebuilds/{jobId}",
                        "/admin/projections/{name}/activate", "/admin/migrations", "/admin/dead-letters")
                .allMatch(path -> path.startsWith("/api/") || path.startsWith("/admin/"));
        contract.api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            assertThat(operation.getSummary()).as(name + " summary").isNotBlank();
            assertThat(operation.getSecurity()).as(name + " security")
                    .anySatisfy(requirement -> assertThat(requirement).containsKey("bearer-jwt"));
            assertThat(operation.getResponses()).as(name).containsKeys("401", "403");
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(response.getContent()).as(name + " " + status).containsOnlyKeys(
                            "application/problem+json");
                    assertThat(response.getContent().get("application/problem+json").getSchema().get$ref())
                            .endsWith("/ProblemDetail");
                } else if (path.endsWith("/changes") && status.equals("200")) {
                    // The change feed answers pages of JSON, or a stream of server-sent events.
                    assertThat(response.getContent()).as(name + " " + status)
                            .containsOnlyKeys(JSON, "text/event-stream");
                } else if (!status.equals("204") && !status.equals("304")) {
                    assertThat(response.getContent()).as(name + " " + status).containsOnlyKeys(JSON);
                }
            });
        }));
        Schema<?> problem = contract.api.getComponents().getSchemas().get("ProblemDetail");
        assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "instance", "errors");
        assertThat(problem.getRequired()).contains("type", "title", "status", "detail");
    }

    @Test
    void statusCodesHeadersAndValuesAreDeclared() {
        PathItem preferences = contract.api.getPaths().get("/api/users/{userId}/preferences");
        assertThat(preferences.getPost().getResponses()).containsKeys("201", "400", "409", "415")
                .doesNotContainKey("200");
        assertThat(preferences.getPost().getResponses().get("201").getHeaders()).containsKeys("Location", "ETag");
        assertThat(preferences.getPatch().getResponses()).containsKeys("200", "400", "404", "412", "415", "422");
        assertThat(preferences.getPatch().getRequestBody().getContent()).containsOnlyKeys(MERGE_PATCH, JSON);
        assertThat(preferences.getDelete().getResponses()).containsKeys("204", "404", "412");
        assertThat(preferences.getDelete().getResponses().get("204").getContent()).isNull();
        assertThat(preferences.getGet().getResponses()).containsKeys("200", "304", "400", "404", "503");
        assertThat(preferences.getGet().getResponses().get("503").getHeaders()).containsKey("Retry-After");
        assertThat(preferences.getPatch().getResponses().get("409").getHeaders()).as("write conflict")
                .containsKey("Retry-After");
        assertThat(contract.api.getPaths().get("/admin/projections/{name}/rebuild").getPost().getResponses().get("409")
                .getHeaders()).as("a running rebuild: no Retry-After").isNull();
        assertThat(parameter(preferences.getGet(), "minVersion").getSchema().getType()).isEqualTo("integer");
        assertThat(parameter(preferences.getGet(), "asOf").getSchema().getFormat()).isEqualTo("date-time");
        assertThat(parameter(preferences.getPatch(), "If-Match").getIn()).isEqualTo("header");
        assertThat(parameter(preferences.getPatch(), "Idempotency-Key").getIn()).isEqualTo("header");
        assertThat(parameter(preferences.getGet(), "If-None-Match").getIn()).isEqualTo("header");

        Operation list = contract.api.getPaths().get("/api/preferences").getGet();
        Schema<?> limit = parameter(list, "limit").getSchema();
        assertThat(limit.getType()).isEqualTo("integer");
        assertThat(limit.getMinimum()).isEqualByComparingTo("1");
        assertThat(limit.getMaximum()).isEqualByComparingTo("500");
        assertThat(limit.getDefault()).hasToString("50");
        assertThat(parameter(list, "theme").getSchema().getEnum()).hasToString("[dark, light, system]");
        assertThat(parameter(list, "notificationsEnabled").getSchema().getType()).isEqualTo("boolean");

        assertThat(property("PreferencesRequest", "theme").getEnum()).hasToString("[dark, light, system]");
        assertThat(property("Preferences", "theme").getEnum()).hasToString("[dark, light, system]");
        assertThat(property("PreferencesRequest", "language").getNullable()).isTrue();
        assertThat(contract.api.getComponents().getSchemas()).doesNotContainKeys("JsonNode");
        ApiResponse rebuild = contract.api.getPaths().get("/admin/projections/{name}/rebuild").getPost()
                .getResponses().get("202");
        assertThat(rebuild).as("rebuild answers 202").isNotNull();
        assertThat(contract.api.getPaths().get("/admin/projections/{name}/activate").getPost().getRequestBody()
                .getContent().get(JSON).getSchema().get$ref()).endsWith("/ActivateRequest");
    }

    @Test
    void everyAnswerIsOneTheDocumentDeclares() {
        String alice = "Bearer " + JwtTokens.mint(Http.SECRET, "oa-alice", false, Duration.ofHours(1));
        String user = "/api/users/oa-alice/preferences";

        exchange(call("POST", user, admin, JSON, "{\"theme\":\"light\",\"language\":\"pt-br\"}"), 201, true);
        exchange(call("POST", user, alice, JSON, "{}"), 409, true);
        exchange(call("POST", "/api/users/oa-bob/preferences", admin, JSON, "{}").with("If-Match", "\"1\""), 412,
                true);
        exchange(call("POST", "/api/users/oa-bob/preferences", admin, JSON, "{\"theme\":\"purple\"}"), 400, false);
        exchange(call("POST", "/api/users/oa-bob/preferences", admin, "text/plain", "theme=dark"), 415, false);
        exchange(call("POST", "/api/users/oa-bob/preferences", admin, JSON,
                "{\"theme\":\"" + "x".repeat(17 * 1024) + "\"}"), 413, false);
        exchange(call("POST", "/api/users/oa-bob/preferences", null, JSON, "{}"), 401, false);
        exchange(call("POST", "/api/users/oa-bob/preferences", alice, JSON, "{}"), 403, true);
        exchange(call("POST", "/api/users/oa-bob/preferences", admin, null, null), 201, true);
        Call keyedCreate = call("POST", "/api/users/oa-carol/preferences", admin, JSON, "{\"theme\":\"dark\"}")
                .with("Idempotency-Key", "create-carol");
        exchange(keyedCreate, 201, true);
        exchange(new Call("POST", keyedCreate.target(), keyedCreate.headers(), "{\"theme\":\"light\"}"), 422, true);

        exchange(call("PATCH", user, alice, MERGE_PATCH, "{\"theme\":\"dark\",\"notifications\":{\"sms\":true}}")
                .with("If-Match", "\"1\""), 200, true);
        exchange(call("PATCH", user, alice, JSON, "{\"language\":null,\"notificationsEnabled\":false}"), 200, true);
        exchange(call("PATCH", user, alice, MERGE_PATCH, "{\"theme\":\"light\"}").with("If-Match", "\"99\""), 412,
                true);
        exchange(call("PATCH", user, alice, MERGE_PATCH, "{\"colour\":\"red\"}"), 400, false);
        exchange(call("PATCH", user, alice, "text/plain", "dark"), 415, false);
        exchange(call("PATCH", user, alice, MERGE_PATCH, "{\"language\":\"" + "y".repeat(17 * 1024) + "\"}"), 413,
                false);
        exchange(call("PATCH", "/api/users/oa-nobody/preferences", admin, MERGE_PATCH, "{\"theme\":\"dark\"}"), 404,
                true);
        Call keyed = call("PATCH", user, alice, MERGE_PATCH, "{\"theme\":\"system\"}").with("Idempotency-Key", "k-1");
        exchange(keyed, 200, true);
        Answer replayed = exchange(keyed, 200, true);
        assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
        exchange(call("PATCH", user, alice, MERGE_PATCH, "{\"theme\":\"dark\"}").with("Idempotency-Key", "k-1"), 422,
                true);

        Answer read = exchange(call("GET", user + "?minVersion=4", alice, null, null), 200, true);
        String etag = read.header("ETag").orElseThrow();
        exchange(call("GET", user, alice, null, null).with("If-None-Match", etag), 304, true);
        exchange(call("GET", user + "?minVersion=999", alice, null, null), 400, true);
        exchange(call("GET", user + "?minVersion=two", alice, null, null), 400, false);
        exchange(call("GET", user + "?asOf=" + Instant.now(), alice, null, null), 200, true);
        exchange(call("GET", user + "?asOf=2000-01-01T00:00:00Z", alice, null, null), 404, true);
        exchange(call("GET", "/api/users/oa-nobody/preferences", admin, null, null), 404, true);
        exchange(call("GET", "/api/users/bad%20id/preferences", admin, null, null), 400, false);
        exchange(call("GET", user, alice, null, null).with("Accept", "application/xml"), 406, false);
        exchange(call("GET", user, null, null, null), 401, false);
        exchange(call("GET", "/api/users/oa-bob/preferences", alice, null, null), 403, true);
        exchange(call("GET", user + "/history", alice, null, null), 200, true);
        exchange(call("GET", "/api/users/oa-nobody/preferences/history", admin, null, null), 404, true);
        exchange(call("GET", "/api/preferences?theme=dark&limit=1&notificationsEnabled=false", admin, null, null),
                200, true);
        exchange(call("GET", "/api/preferences?limit=1&after=oa-alice", admin, null, null), 200, true);
        exchange(call("GET", "/api/preferences?limit=0", admin, null, null), 400, false);
        exchange(call("GET", "/api/preferences", alice, null, null), 403, true);
        exchange(call("GET", "/api/preferences/stats", admin, null, null), 200, true);

        exchange(call("POST", user + "/reset", alice, null, null).with("If-Match", "\"1\""), 412, true);
        exchange(call("POST", user + "/reset", alice, null, null), 200, true);
        exchange(call("POST", "/api/users/oa-nobody/preferences/reset", admin, null, null), 404, true);
        exchange(call("DELETE", user, alice, null, null).with("If-Match", "\"1\""), 412, true);
        exchange(call("DELETE", user, alice, null, null), 204, true);
        exchange(call("DELETE", user, alice, null, null), 404, true);
        exchange(call("POST", user + "/reset", alice, null, null), 404, true);

        exchange(call("GET", "/admin/projections", admin, null, null), 200, true);
        exchange(call("GET", "/admin/projections", alice, null, null), 403, true);
        exchange(call("GET", "/admin/migrations", admin, null, null), 200, true);
        exchange(call("GET", "/admin/dead-letters", admin, null, null), 200, true);
        exchange(call("POST", "/admin/dead-letters/userpreferences_v3/retry", admin, null, null), 200, true);
        exchange(call("POST", "/admin/dead-letters/nothing_v9/retry", admin, null, null), 404, true);
        exchange(call("DELETE", "/admin/dead-letters/userpreferences_v3", admin, null, null), 200, true);
        exchange(call("DELETE", "/admin/dead-letters/nothing_v9", admin, null, null), 404, true);
        exchange(call("POST", "/admin/projections/nothing/rebuild", admin, null, null), 404, true);
        exchange(call("POST", "/admin/projections/preferencestats/rebuild?version=two", admin, null, null), 400,
                false);
        Answer started = exchange(call("POST", "/admin/projections/preferencestats/rebuild", admin, null, null), 202,
                true);
        String jobId = JsonMapper.builder().build().readTree(started.body()).get("jobId").asString();
        assertThat(started.header("Location")).hasValue("/admin/rebuilds/" + jobId);
        exchange(call("GET", "/admin/rebuilds/" + jobId, admin, null, null), 200, true);
        await().atMost(Duration.ofSeconds(60)).until(() -> !contract.send(call("GET", "/admin/rebuilds/" + jobId,
                admin, null, null)).body().contains("\"state\":\"running\""));
        exchange(call("POST", "/admin/rebuilds/" + jobId + "/cancel", admin, null, null), 409, true);
        exchange(call("GET", "/admin/rebuilds/" + UUID.randomUUID(), admin, null, null), 404, true);
        exchange(call("POST", "/admin/rebuilds/" + UUID.randomUUID() + "/cancel", admin, null, null), 404, true);
        exchange(call("GET", "/admin/rebuilds/not-a-uuid", admin, null, null), 400, false);
        exchange(call("POST", "/admin/projections/userpreferences/activate", admin, JSON, "{\"version\":3}"), 200,
                true);
        exchange(call("POST", "/admin/projections/userpreferences/activate", admin, JSON, "{\"version\":99}"), 404,
                true);
        exchange(call("POST", "/admin/projections/nothing/activate", admin, JSON, "{\"version\":1}"), 404, true);
        exchange(call("POST", "/admin/projections/userpreferences/activate", admin, JSON, "{\"version\":\"2\"}"),
                400, false);
        exchange(call("POST", "/admin/projections/userpreferences/activate", admin, "text/plain", "2"), 415, false);
        exchange(call("POST", "/admin/projections/userpreferences/activate", null, JSON, "{\"version\":2}"), 401,
                false);

        assertThat(contradictions).as("answers the document does not declare").isEmpty();
        assertThat(answered).as("every operation, with every status provoked").contains(
                "POST /api/users/{userId}/preferences 201", "POST /api/users/{userId}/preferences 400",
                "POST /api/users/{userId}/preferences 401", "POST /api/users/{userId}/preferences 403",
                "POST /api/users/{userId}/preferences 409", "POST /api/users/{userId}/preferences 412",
                "POST /api/users/{userId}/preferences 413", "POST /api/users/{userId}/preferences 415",
                "POST /api/users/{userId}/preferences 422", "PATCH /api/users/{userId}/preferences 413",
                "PATCH /api/users/{userId}/preferences 200", "PATCH /api/users/{userId}/preferences 400",
                "PATCH /api/users/{userId}/preferences 404", "PATCH /api/users/{userId}/preferences 412",
                "PATCH /api/users/{userId}/preferences 415", "PATCH /api/users/{userId}/preferences 422",
                "POST /api/users/{userId}/preferences/reset 200", "POST /api/users/{userId}/preferences/reset 404",
                "POST /api/users/{userId}/preferences/reset 412",
                "DELETE /api/users/{userId}/preferences 204", "DELETE /api/users/{userId}/preferences 404",
                "DELETE /api/users/{userId}/preferences 412",
                "GET /api/users/{userId}/preferences 200", "GET /api/users/{userId}/preferences 304",
                "GET /api/users/{userId}/preferences 400", "GET /api/users/{userId}/preferences 401",
                "GET /api/users/{userId}/preferences 403", "GET /api/users/{userId}/preferences 404",
                "GET /api/users/{userId}/preferences 406",
                "GET /api/users/{userId}/preferences/history 200", "GET /api/users/{userId}/preferences/history 404",
                "GET /api/preferences 200", "GET /api/preferences 400", "GET /api/preferences 403",
                "GET /api/preferences/stats 200",
                "GET /admin/projections 200", "GET /admin/projections 403", "GET /admin/migrations 200",
                "GET /admin/dead-letters 200", "POST /admin/dead-letters/{processingGroup}/retry 200",
                "POST /admin/dead-letters/{processingGroup}/retry 404",
                "DELETE /admin/dead-letters/{processingGroup} 200", "DELETE /admin/dead-letters/{processingGroup} 404",
                "POST /admin/projections/{name}/rebuild 202", "POST /admin/projections/{name}/rebuild 400",
                "POST /admin/projections/{name}/rebuild 404",
                "GET /admin/rebuilds/{jobId} 200", "GET /admin/rebuilds/{jobId} 400", "GET /admin/rebuilds/{jobId} 404",
                "POST /admin/rebuilds/{jobId}/cancel 404", "POST /admin/rebuilds/{jobId}/cancel 409",
                "POST /admin/projections/{name}/activate 200", "POST /admin/projections/{name}/activate 400",
                "POST /admin/projections/{name}/activate 401", "POST /admin/projections/{name}/activate 404",
                "POST /admin/projections/{name}/activate 415");
    }

    /**
     * Sends the call, expects the status, and records what in the answer (and, for {@code validRequest}, in the
     * request) contradicts the document for that operation.
     */
    private static Answer exchange(Call call, int status, boolean validRequest) {
        Answer answer = contract.send(call);
        String operation = call.method() + " " + contract.template(call.path()).orElse(call.path());
        assertThat(answer.status()).as(operation + " " + call.target() + ": " + answer.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(answer.header("Content-Type")).as(operation + " " + status)
                    .hasValue("application/problem+json");
        }
        ValidationReport report = contract.check(call, answer, validRequest);
        if (report.hasErrors()) {
            contradictions.add(operation + " " + status + " (" + call.target() + "): " + report.getMessages());
        }
        answered.add(operation + " " + status);
        return answer;
    }

    private static Call call(String method, String target, String authorization, String contentType, String body) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new Call(method, target, headers, body);
    }

    private static Schema<?> property(String schema, String name) {
        return (Schema<?>) contract.api.getComponents().getSchemas().get(schema).getProperties().get(name);
    }

    private static Parameter parameter(Operation operation, String name) {
        return operation.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }
}
