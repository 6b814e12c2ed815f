package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.report.ValidationReport;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.standalone.ApiContract.Answer;
import dev.prefs.standalone.ApiContract.Call;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A schema-driven fuzz run against the standalone process: every operation of the served document, with each
 * parameter, header and body field pushed to its boundaries and beyond (see {@link SchemaFuzzer}). No answer may be
 * a 5xx, an error that is not application/problem+json, or anything else the document does not declare for that
 * operation. The findings, grouped, go to {@code target/openapi-fuzz-findings.txt}.
 */
class OpenApiFuzzIT {

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static ApiContract contract;

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        contract = ApiContract.of(port);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void noAnswerIsAServerErrorOrContradictsTheDocument() throws IOException {
        Map<String, String> tokens = Map.of(
                "admin", JwtTokens.mint(Http.SECRET, "fz-admin", true, Duration.ofHours(1)),
                "user", JwtTokens.mint(Http.SECRET, "fz-alice", false, Duration.ofHours(1)),
                "other", JwtTokens.mint(Http.SECRET, "fz-mallory", false, Duration.ofHours(1)),
                "expired", JwtTokens.mint(Http.SECRET, "fz-alice", true, Duration.ofSeconds(-120)));
        Call create = new Call("POST", "/api/users/fz-alice/preferences",
                Map.of("Authorization", "Bearer " + tokens.get("admin")), null);
        List<Call> calls = new SchemaFuzzer(contract.api, tokens).calls();
        Map<String, List<String>> findings = new TreeMap<>();
        long started = System.nanoTime();
        RawHttp.send(port, create);
        for (Call call : calls) {
            Answer answer = RawHttp.send(port, call);
            if (call.method().equals("DELETE") && answer.status() == 204) {
                // Keep the user there, so that writes and reads get past 404 to the code that reads their input.
                RawHttp.send(port, create);
            }
            findings(call, answer).forEach(finding -> findings.computeIfAbsent(finding, f -> new ArrayList<>())
                    .add(call.method() + " " + abbreviate(call.target()) + " " + abbreviate(call.headers()
                            .toString().replaceAll("Bearer [\\w.-]{20,}", "Bearer <jwt>"))
                         + (call.body() == null ? "" : " body " + abbreviate(call.body()))
                         + " -> " + answer.status() + " " + abbreviate(answer.body())));
        }
        String report = "OpenAPI fuzz run: " + calls.size() + " requests in "
                        + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s, " + findings.size()
                        + " kinds of finding\n" + findings.entrySet().stream()
                                .map(f -> f.getKey() + " (" + f.getValue().size() + " requests), e.g.\n    "
                                          + String.join("\n    ", f.getValue().subList(0, Math.min(3,
                                        f.getValue().size()))))
                                .collect(Collectors.joining("\n"));
        Files.writeString(Path.of("target", "openapi-fuzz-findings.txt"), report + "\n");
        System.out.println(report);

        assertThat(calls).hasSizeGreaterThan(1_000);
        assertThat(findings).as(report).isEmpty();
    }

    /** What is wrong with this answer, each as a short kind (operation, status, what) that groups alike findings. */
    private static List<String> findings(Call call, Answer answer) {
        List<String> findings = new ArrayList<>();
        Optional<String> template = contract.template(call.path());
        String operation = call.method() + " " + template.orElse(call.path());
        if (answer.status() >= 500) {
            findings.add(operation + ": " + answer.status());
        }
        String type = answer.header("Content-Type").orElse("no Content-Type").split(";")[0].trim();
        if (answer.status() >= 400 && !type.equals("application/problem+json")) {
            findings.add(operation + ": " + answer.status() + " as " + type);
        }
        if (template.isPresent() && wellFormed(call.target())) {
            ValidationReport report = contract.check(call, answer, false);
            // A stream of server-sent events has no end, so RawHttp keeps its status and headers only: no body to check.
            boolean stream = type.equals("text/event-stream");
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .filter(m -> !(stream && m.getKey().equals("validation.response.body.missing")))
                    .forEach(m -> findings.add(operation + ": " + answer.status() + " " + m.getKey()));
        }
        return findings;
    }

    /** A target the validator can match to its operation; the others reach Tomcat's own checks, not an operation. */
    private static boolean wellFormed(String target) {
        try {
            URI.create(target);
            return !target.contains("%00") && !target.contains("%2F") && !target.contains("%2f");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        String line = text.replace("\n", " ");
        return line.length() <= 160 ? line : line.substring(0, 160) + "…(" + line.length() + " chars)";
    }
}
