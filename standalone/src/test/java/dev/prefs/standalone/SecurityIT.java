package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.JwtTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Who may do what, per endpoint class, as the contract's authentication section says. */
class SecurityIT {

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static Http admin;
    private static int port;

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        admin = new Http(port);
        assertThat(admin.send("POST", "/api/users/sec-alice/preferences", null).statusCode()).isEqualTo(201);
        assertThat(admin.send("POST", "/api/users/sec-bob/preferences", null).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/users/sec-alice/preferences", "PATCH, /api/users/sec-alice/preferences",
                "POST, /api/users/sec-alice/preferences/reset", "DELETE, /api/users/sec-alice/preferences",
                "GET, /api/users/sec-alice/preferences/history", "GET, /api/preferences",
                "GET, /api/preferences/stats", "GET, /admin/projections", "GET, /actuator/metrics",
                "GET, /api/users/anonymousUser/preferences", "POST, /api/users/anonymousUser/preferences"})
    void withoutATokenEveryApiAndAdminRequestIs401(String method, String path) {
        assertProblem(admin.as(null).send(method, path, method.equals("PATCH") ? "{}" : null), 401);
    }

    /** The detail says why, as WWW-Authenticate does, without repeating the token. */
    @ParameterizedTest
    @CsvSource({"expired, expired at 20", "forged, signature", "none, not signed", "garbage, malformed",
                "noSubject, no subject", "noExpiry, no expiry"})
    void aBadTokenIs401SayingWhy(String kind, String reason) throws Exception {
        String token = badToken(kind);
        HttpResponse<String> response = admin.as(token).get("/api/users/sec-alice/preferences");
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                header -> assertThat(header).startsWith("Bearer"));
        String detail = Http.json(response).get("detail").asString();
        assertThat(detail).contains(reason);
        for (String part : token.split("\\.")) {
            if (part.length() > 3) {
                assertThat(detail).doesNotContain(part);
            }
        }
    }

    @Test
    void withoutATokenThe401SaysTheTokenIsMissing() {
        HttpResponse<String> response = admin.as(null).get("/api/users/sec-alice/preferences");
        assertProblem(response, 401);
        assertThat(Http.json(response).get("detail").asString()).contains("no bearer token");
        assertThat(Http.json(response).get("type").asString()).isEqualTo(ProblemType.UNAUTHORIZED.uri().toString());
    }

    @Test
    void aUserReachesItsOwnPreferences() {
        Http alice = admin.as(token("sec-alice", false));
        assertThat(alice.get("/api/users/sec-alice/preferences?minVersion=1").statusCode()).isEqualTo(200);
        assertThat(alice.send("PATCH", "/api/users/sec-alice/preferences", "{\"theme\":\"light\"}").statusCode())
                .isEqualTo(200);
        assertThat(alice.get("/api/users/sec-alice/preferences/history").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/users/sec-bob/preferences", "PATCH, /api/users/sec-bob/preferences",
                "POST, /api/users/sec-bob/preferences/reset", "DELETE, /api/users/sec-bob/preferences",
                "GET, /api/users/sec-bob/preferences/history", "POST, /api/users/sec-carol/preferences",
                "GET, /api/preferences", "GET, /api/preferences/stats", "POST, /api/preferences/stats",
                "GET, /admin/projections", "GET, /actuator/metrics"})
    void aUserGets403ForAnyoneElsesPreferencesTheListTheStatsAndAdmin(String method, String path) {
        Http alice = admin.as(token("sec-alice", false));
        HttpResponse<String> response = alice.send(method, path,
                method.equals("PATCH") ? "{\"theme\":\"system\"}" : null);
        assertProblem(response, 403);
        assertThat(Http.json(response).get("type").asString()).isEqualTo(ProblemType.FORBIDDEN.uri().toString());
        assertThat(admin.get("/api/users/sec-bob/preferences?minVersion=1").statusCode()).isEqualTo(200);
    }

    /** HEAD is answered by the GET handlers, so the admin-only reads must refuse it as they refuse GET. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/preferences", "/api/preferences/stats"})
    void aUserGets403ForHeadOnTheAdminOnlyReads(String path) {
        assertThat(admin.as(token("sec-alice", false)).send("HEAD", path, null).statusCode()).isEqualTo(403);
        assertThat(admin.send("HEAD", path, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminReachesEveryUserTheListTheStatsAndTheActuator() {
        assertThat(admin.get("/api/users/sec-bob/preferences?minVersion=1").statusCode()).isEqualTo(200);
        assertThat(admin.send("PATCH", "/api/users/sec-bob/preferences", "{\"language\":\"de\"}").statusCode())
                .isEqualTo(200);
        assertThat(admin.get("/api/preferences").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/preferences/stats").statusCode()).isEqualTo(200);
        assertThat(admin.get("/actuator/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void requestsAreTimedButSpringSecurityIsNotObservedPerFilter() {
        String metrics = admin.get("/actuator/metrics").body();
        assertThat(metrics).contains("\"http.server.requests\"").doesNotContain("spring.security");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/v3/api-docs", "/swagger-ui.html"})
    void healthAndTheOpenApiDocumentAreOpen(String path) {
        HttpResponse<String> response = admin.as(null).get(path);
        assertThat(response.statusCode()).isIn(200, 302);
    }

    @Test
    void theTokenCommandMintsATokenTheServiceAccepts() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TokenCommand.run(new String[] {"token", "sec-alice"}, Map.of("PREFS_JWT_SECRET", Http.SECRET),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(admin.as(token).get("/api/users/sec-alice/preferences").statusCode()).isEqualTo(200);
        assertThat(admin.as(token).get("/api/users/sec-bob/preferences").statusCode()).isEqualTo(403);
    }

    @Test
    void withoutAConfiguredSecretTheStandaloneProcessKeepsOneInItsDataFolder(@TempDir Path otherData) {
        try (ConfigurableApplicationContext own = new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "PREFS_DATA_DIR=" + otherData)
                .run("--prefs.security.jwt-secret=")) {
            assertThat(otherData.resolve("jwt-secret")).exists();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = TokenCommand.run(new String[] {"token", "own-user", "--admin"},
                    Map.of("PREFS_DATA_DIR", otherData.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);
            assertThat(exit).isZero();
            Http http = new Http(((WebServerApplicationContext) own).getWebServer().getPort(),
                    out.toString(StandardCharsets.UTF_8).trim());
            assertThat(http.get("/api/preferences").statusCode()).isEqualTo(200);
            assertThat(http.as(token("own-user", true)).get("/api/preferences").statusCode())
                    .as("a token signed with another secret").isEqualTo(401);
        }
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedAtStartUp(@TempDir Path otherData) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SpringApplicationBuilder(PrefsApplication.class)
                        .properties("server.port=0", "PREFS_DATA_DIR=" + otherData)
                        .run("--prefs.security.jwt-secret=short-secret").close())
                .hasStackTraceContaining("at least 32");
    }

    private static String token(String sub, boolean isAdmin) {
        return JwtTokens.mint(Http.SECRET, sub, isAdmin, Duration.ofMinutes(5));
    }

    private static String badToken(String kind) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("sec-alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        return switch (kind) {
            case "expired" -> sign(claims.expirationTime(Date.from(Instant.now().minusSeconds(600))).build(),
                    Http.SECRET);
            case "forged" -> sign(claims.build(), "another-secret-that-is-long-enough-0123456789");
            case "none" -> new PlainJWT(claims.build()).serialize();
            case "noSubject" -> sign(claims.subject(null).build(), Http.SECRET);
            case "noExpiry" -> sign(claims.expirationTime(null).build(), Http.SECRET);
            default -> "not.a.jwt";
        };
    }

    private static String sign(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Http.json(response).get("status").asInt()).isEqualTo(status);
    }
}
