package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.platform.problem.ProblemType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Errors that no controller handles are problem details too, as the contract says of every 4xx/5xx. */
class ErrorResponsesIT {

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static Http http;

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest
    @CsvSource({"GET, /nope, 404", "GET, /actuator/nope, 404", "GET, /api/users/alice/preferences/history/x, 404",
                "PUT, /api/users/alice/preferences, 405", "POST, /api/preferences, 405"})
    void unservedPathsAndMethodsAnswerProblemDetails(String method, String path, int status) {
        HttpResponse<String> response = http.send(method, path, null);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo(ProblemType.forStatus(status).uri().toString());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains(path);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("trace");
    }
}
