package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.QuerySideApplication;
import io.swagger.v3.oas.models.PathItem;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The split deployment in one JVM: the command side and the query side as two separate applications sharing
 * nothing but one PostgreSQL database, as docker-compose.yml runs them. A change made through the command side
 * must reach the query side's read-your-writes read within the consistency timeout.
 */
class SplitDeploymentIT {

    private static final TestDatabase DB = TestDatabase.create("split_deployment");
    private static ConfigurableApplicationContext commandSide;
    private static ConfigurableApplicationContext querySide;
    private static Http commands;
    private static Http queries;

    @BeforeAll
    static void startBothSides() {
        // Started together, as compose would: both migrate on start-up here and Flyway's lock serialises them.
        CompletableFuture<ConfigurableApplicationContext> command = CompletableFuture.supplyAsync(
                () -> start(CommandSideApplication.class));
        CompletableFuture<ConfigurableApplicationContext> query = CompletableFuture.supplyAsync(
                () -> start(QuerySideApplication.class));
        commandSide = command.join();
        querySide = query.join();
        commands = new Http(port(commandSide));
        queries = new Http(port(querySide));
        awaitProjectionsRunning();
    }

    /**
     * Right after start-up the query side's processors may not have claimed their segments yet, and a read would
     * wait for them: project one warm-up change first, so the tests measure the running system.
     */
    private static void awaitProjectionsRunning() {
        assertThat(commands.send("POST", "/api/users/split-warmup/preferences", null).statusCode()).isEqualTo(201);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (queries.get("/api/users/split-warmup/preferences?minVersion=1").statusCode() != 200) {
            assertThat(Instant.now()).as("query side projecting within 60 s").isBefore(deadline);
        }
    }

    @AfterAll
    static void stopBothSides() {
        if (querySide != null) {
            querySide.close();
        }
        if (commandSide != null) {
            commandSide.close();
        }
    }

    @Test
    void aCreateOnTheCommandSideIsReadOnTheQuerySideWithMinVersion() {
        HttpResponse<String> created = commands.send("POST", "/api/users/split-alice/preferences",
                "{\"theme\":\"light\",\"language\":\"pt-br\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long version = Http.json(created).get("version").asLong();

        HttpResponse<String> read = queries.get("/api/users/split-alice/preferences?minVersion=" + version);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode body = Http.json(read);
        assertThat(body.get("theme").asString()).isEqualTo("light");
        assertThat(body.get("language").asString()).isEqualTo("pt-BR");
        assertThat(body.get("version").asLong()).isEqualTo(version);
    }

    @Test
    void everyChangeOfASeriesIsVisibleAtItsVersion() {
        assertThat(commands.send("POST", "/api/users/split-bob/preferences", null).statusCode()).isEqualTo(201);
        String[] themes = {"light", "system", "dark", "light", "system"};
        for (String theme : themes) {
            HttpResponse<String> patched = commands.send("PATCH", "/api/users/split-bob/preferences",
                    "{\"theme\":\"" + theme + "\"}");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            long version = Http.json(patched).get("version").asLong();

            HttpResponse<String> read = queries.get("/api/users/split-bob/preferences?minVersion=" + version);

            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(Http.json(read).get("theme").asString()).isEqualTo(theme);
            // The user's own version leads the ETag (then the tenant's and the system's layers, the read model's).
            assertThat(read.headers().firstValue("ETag")).hasValueSatisfying(
                    tag -> assertThat(tag).startsWith("\"" + version + "."));
        }
    }

    @Test
    void theQuerySideNeverServesCommandsAndTheCommandSideNeverServesQueries() {
        assertThat(queries.send("POST", "/api/users/split-carol/preferences", null).statusCode()).isIn(404, 405);
        assertThat(commands.get("/api/users/split-carol/preferences").statusCode()).isIn(404, 405);
    }

    @Test
    void eachSideDocumentsThePathsItServesInTheStandalonesShape() {
        ApiContract command = ApiContract.of(port(commandSide));
        ApiContract query = ApiContract.of(port(querySide));

        for (ApiContract side : List.of(command, query)) {
            assertThat(side.parsed.getMessages()).isEmpty();
            assertThat(side.api.getInfo().getTitle()).isEqualTo("Prefs");
            assertThat(side.api.getComponents().getSecuritySchemes()).containsKey("bearer-jwt");
            assertThat(side.api.getComponents().getSchemas()).containsKey("ProblemDetail");
            side.api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    assertThat(operation.getResponses()).as(method + " " + path).containsKeys("401", "403")));
        }
        assertThat(command.api.getPaths()).containsOnlyKeys("/api/users/{userId}/preferences",
                "/api/users/{userId}/preferences/reset", "/api/tenants/{tenantId}/defaults", "/admin/defaults");
        assertThat(command.api.getPaths().get("/api/users/{userId}/preferences").getGet()).isNull();
        assertThat(query.api.getPaths()).containsKeys("/api/users/{userId}/preferences", "/api/preferences",
                "/admin/projections").doesNotContainKey("/api/users/{userId}/preferences/reset");
        assertThat(query.api.getPaths().get("/api/users/{userId}/preferences").readOperationsMap())
                .containsOnlyKeys(PathItem.HttpMethod.GET);
    }

    private static ConfigurableApplicationContext start(Class<?> application) {
        return new SpringApplicationBuilder(application)
                .properties("server.port=0",
                        "spring.datasource.url=" + DB.url(),
                        "spring.datasource.username=" + DB.username(),
                        "spring.datasource.password=" + DB.password())
                .run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
