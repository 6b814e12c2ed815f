package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.JwtTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Well over a thousand generated hostile requests across every endpoint, sent as raw bytes (so that requests an HTTP
 * library would refuse to send are sent too): every answer is below 500, every 4xx is problem+json (401/403 where
 * authentication or authorisation is the cause), every success body of the API is {@code application/json}, none
 * leaks a stack trace, nothing is written, and the service logs nothing at ERROR (its log is captured in-process).
 * Besides the hand-written cases, the corpus crosses every path with malformed query strings, and every header
 * class with malformed values, and sends malformed request lines; the cases an API fuzzer found are in it by name.
 */
class HostileInputIT {

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static int port;

    private static final String VICTIM = "victim";
    private static final IntPredicate CLIENT_ERROR = status -> status >= 400 && status < 500;
    /** For requests that may also succeed (a read with an unknown parameter): anything but a 5xx. */
    private static final IntPredicate NO_SERVER_ERROR = status -> status >= 200 && status < 500;
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    private static final IntPredicate UNAUTHORIZED = status -> status == 401;
    private static final IntPredicate FORBIDDEN = status -> status == 403;

    /** One hostile request and the answers it may get. */
    record Hostile(String category, String description, byte[] raw, IntPredicate expected, ProblemType type) {

        Hostile(String category, String description, byte[] raw, IntPredicate expected) {
            this(category, description, raw, expected, null);
        }
    }

    record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        Http victim = new Http(port, token(VICTIM, false));
        assertThat(victim.send("POST", "/api/users/" + VICTIM + "/preferences", "{\"theme\": \"light\"}").statusCode())
                .isEqualTo(201);
        LOG.start();
        root().addAppender(LOG);
    }

    @AfterAll
    static void stop() {
        root().detachAppender(LOG);
        app.close();
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    /** What the service logged at ERROR since the test began. */
    private static List<String> errorsLogged() {
        synchronized (LOG) {
            return LOG.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()
                                  + (event.getThrowableProxy() == null ? ""
                                          : " (" + event.getThrowableProxy().getClassName() + ")"))
                    .toList();
        }
    }

    @Test
    void everyHostileRequestIsRefusedWithAProblemAndWritesNothing() throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
        long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        long builds = jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class);
        long keys = jdbc.queryForObject("SELECT count(*) FROM idempotency_keys", Long.class);

        List<Hostile> corpus = new ArrayList<>(corpus());
        int handWritten = corpus.size();
        corpus.addAll(fuzzerFindings());
        corpus.addAll(malformedQueryStrings());
        corpus.addAll(malformedHeaders());
        corpus.addAll(malformedRequestLines());
        System.out.printf("HostileInputIT %d hand-written requests, %d generated%n", handWritten,
                corpus.size() - handWritten);
        List<String> wrong = new ArrayList<>();
        Map<String, Map<Integer, Integer>> summary = new TreeMap<>();
        for (Hostile hostile : corpus) {
            Answer answer = send(hostile.raw());
            summary.computeIfAbsent(hostile.category(), c -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
            String problem = check(hostile, answer);
            if (problem != null) {
                wrong.add(hostile.category() + " / " + hostile.description() + ": " + problem);
            }
        }
        summary.forEach((category, statuses) -> System.out.printf("HostileInputIT %-14s %s%n", category, statuses));

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1_000);
        assertThat(wrong).as("answers that are not a clean 4xx problem").isEmpty();
        assertThat(errorsLogged()).as("ERROR lines in the service log").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class)).isEqualTo(builds);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_keys", Long.class)).isEqualTo(keys);
    }

    /**
     * RFC 9110 15.5.6 and 9.3.7: a 405's Allow, like an OPTIONS answer's, lists exactly the methods the path serves,
     * whatever the method refused (a standard one, TRACE, or one nobody knows).
     */
    @Test
    void methodsAPathDoesNotServeAre405WithAnAllowListingExactlyThoseItServes() throws IOException {
        String admin = "Bearer " + token("ops", true);
        String prefs = "/api/users/" + VICTIM + "/preferences";
        String job = "/admin/rebuilds/00000000-0000-0000-0000-000000000000";
        Set<String> read = Set.of("GET", "HEAD", "OPTIONS");
        Set<String> post = Set.of("POST", "OPTIONS");
        Map<String, Set<String>> served = new LinkedHashMap<>();
        served.put(prefs, Set.of("GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"));
        served.put(prefs + "/history", read);
        served.put(prefs + "/reset", post);
        served.put("/api/preferences", read);
        served.put("/api/preferences/stats", read);
        served.put("/admin/projections", read);
        served.put("/admin/projections/userpreferences/rebuild", post);
        served.put("/admin/projections/userpreferences/activate", post);
        served.put(job, read);
        served.put(job + "/cancel", post);
        served.put("/admin/dead-letters", read);
        served.put("/admin/dead-letters/userpreferences_v3/retry", post);
        served.put("/admin/dead-letters/userpreferences_v3", Set.of("DELETE", "OPTIONS"));
        served.put("/admin/migrations", read);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Set<String>> path : served.entrySet()) {
            Answer options = send(request("OPTIONS", path.getKey(), admin, null, (String) null));
            if (!path.getValue().equals(methods(options.headers().get("allow")))) {
                wrong.add("OPTIONS " + path.getKey() + ": Allow " + options.headers().get("allow"));
            }
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "QUERY", "FOO",
                    "PROPFIND", "LINK")) {
                if (path.getValue().contains(method)) {
                    continue;
                }
                Answer answer = send(request(method, path.getKey(), admin, null, (String) null));
                if (answer.status() != 405 || !path.getValue().equals(methods(answer.headers().get("allow")))
                    || !answer.body().contains(ProblemType.METHOD_NOT_ALLOWED.uri().toString())) {
                    wrong.add(method + " " + path.getKey() + ": " + answer.status() + ", Allow "
                              + answer.headers().get("allow") + " " + abbreviate(answer.body()));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(errorsLogged()).as("ERROR lines in the service log").isEmpty();
    }

    /** RFC 9110 13.1.1: If-Match compares strongly (a weak tag never matches) and matches if any listed tag does. */
    @Test
    void ifMatchIsAPreconditionOnTheListedStrongTags() throws IOException {
        String user = "if-match-user";
        String bearer = "Bearer " + token(user, false);
        String prefs = "/api/users/" + user + "/preferences";
        assertThat(send(request("POST", prefs, bearer, "application/json", "{}")).status()).isEqualTo(201);

        for (String header : List.of("W/\"1\"", "W/\"1\", W/\"2\"", "\"2\", \"3\"", "\"abc\"")) {
            Answer refused = send(request("PATCH", prefs, bearer, "application/merge-patch+json",
                    "{\"theme\": \"light\"}", "If-Match", header));
            assertThat(refused.status()).as(header + ": " + refused.body()).isEqualTo(412);
            assertThat(refused.body()).contains(ProblemType.VERSION_MISMATCH.uri().toString());
        }
        Answer listed = send(request("PATCH", prefs, bearer, "application/merge-patch+json",
                "{\"theme\": \"light\"}", "If-Match", "\"7\", W/\"1\", \"1\""));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        Answer any = send(request("PATCH", prefs, bearer, "application/merge-patch+json",
                "{\"theme\": \"system\"}", "If-Match", "*"));
        assertThat(any.status()).as(any.body()).isEqualTo(200);
        assertThat(errorsLogged()).as("ERROR lines in the service log").isEmpty();
    }

    /** Activating a generation that does not exist says so, and which generations the version has. */
    @Test
    void activatingAMissingGenerationNamesTheGenerationsThatExist() throws IOException {
        String admin = "Bearer " + token("ops", true);
        String activate = "/admin/projections/userpreferences/activate";

        Answer generation = send(request("POST", activate, admin, "application/json",
                "{\"version\": 3, \"generation\": 9}"));
        assertThat(generation.status()).isEqualTo(404);
        assertThat(generation.body()).contains(ProblemType.UNKNOWN_PROJECTION_GENERATION.uri().toString())
                .contains("has no generation 9").contains("its generations are 1");

        Answer version = send(request("POST", activate, admin, "application/json", "{\"version\": 7}"));
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.body()).contains(ProblemType.UNKNOWN_PROJECTION_VERSION.uri().toString())
                .contains("has no version 7");
    }

    /** Success bodies are JSON whatever Accept lists; a write has run already, so it disregards Accept. */
    @Test
    void successBodiesAreJsonWhateverAcceptLists() throws IOException {
        String user = "accept-user";
        String bearer = "Bearer " + token(user, false);
        String prefs = "/api/users/" + user + "/preferences";
        Answer created = send(request("POST", prefs, bearer, "application/json", "{}", "Accept",
                "application/problem+json"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        Answer patched = send(request("PATCH", prefs, bearer, "application/merge-patch+json",
                "{\"theme\": \"light\"}", "Accept", "application/problem+json"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.contentType()).startsWith("application/json");
        // Reads wait for the PATCH (version 2): without it a read model behind answers a 404, which is problem+json.
        String caughtUp = prefs + "?minVersion=2";
        Answer read = send(request("GET", caughtUp, bearer, null, (String) null, "Accept", "application/problem+json"));
        assertThat(read.status()).as(read.body()).isEqualTo(406);
        assertThat(read.contentType()).startsWith("application/problem+json");
        Answer suffixed = send(request("GET", caughtUp, bearer, null, (String) null, "Accept", "application/*+json"));
        assertThat(suffixed.status()).as(suffixed.body()).isEqualTo(200);
        assertThat(suffixed.contentType()).startsWith("application/json");
        Answer either = send(request("GET", caughtUp, bearer, null, (String) null, "Accept",
                "application/problem+json, application/json"));
        assertThat(either.status()).isEqualTo(200);
        assertThat(either.contentType()).startsWith("application/json");
    }

    private static Set<String> methods(String allow) {
        Set<String> methods = new TreeSet<>();
        if (allow != null) {
            for (String method : allow.split(",")) {
                if (!method.isBlank()) {
                    methods.add(method.strip());
                }
            }
        }
        return methods;
    }

    private static String check(Hostile hostile, Answer answer) {
        if (!hostile.expected().test(answer.status())) {
            return "status " + answer.status() + " " + abbreviate(answer.body());
        }
        if (answer.status() < 400) {
            boolean api = hostile.description().contains("/api/") || hostile.description().contains("/admin/");
            if (api && !answer.body().isEmpty()
                && (answer.contentType() == null || !answer.contentType().startsWith("application/json"))) {
                return "a success answered as " + answer.contentType();
            }
            return null;
        }
        if (hostile.type() != null && !answer.body().contains("\"" + hostile.type().uri() + "\"")) {
            return "not a " + hostile.type().slug() + " problem: " + abbreviate(answer.body());
        }
        if (answer.status() == 405 && answer.headers().get("allow") == null) {
            return "405 without Allow";
        }
        if (hostile.description().startsWith("HEAD ")) {
            return null; // HEAD answers carry no body, problem or other
        }
        if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
            return "content type " + answer.contentType() + " " + abbreviate(answer.body());
        }
        if (!answer.body().contains("\"status\":" + answer.status())) {
            return "no problem details: " + abbreviate(answer.body());
        }
        for (String leak : List.of("Exception", "\tat ", "at org.", "at dev.", "at java.", "trace", "SQL", "Tomcat")) {
            if (answer.body().contains(leak)) {
                return "leaks \"" + leak + "\": " + abbreviate(answer.body());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The corpus

    private static List<Hostile> corpus() {
        List<Hostile> corpus = new ArrayList<>();
        String victim = token(VICTIM, false);
        String admin = token("ops", true);
        String prefs = "/api/users/" + VICTIM + "/preferences";

        // Every endpoint, with every kind of bad credentials: 401.
        Map<String, String[]> endpoints = new LinkedHashMap<>();
        endpoints.put("GET " + prefs, null);
        endpoints.put("GET " + prefs + "/history", null);
        endpoints.put("POST " + prefs, new String[] {"{}"});
        endpoints.put("PATCH " + prefs, new String[] {"{\"theme\": \"dark\"}"});
        endpoints.put("POST " + prefs + "/reset", null);
        endpoints.put("DELETE " + prefs, null);
        endpoints.put("GET /api/preferences", null);
        endpoints.put("GET /admin/projections", null);
        endpoints.put("POST /admin/projections/userpreferences/rebuild", null);
        endpoints.put("POST /admin/projections/userpreferences/activate", new String[] {"{\"version\": 1}"});
        endpoints.put("GET /admin/rebuilds/00000000-0000-0000-0000-000000000000", null);
        endpoints.put("GET /admin/dead-letters", null);
        endpoints.put("POST /admin/dead-letters/userpreferences_v3/retry", null);
        endpoints.put("DELETE /admin/dead-letters/userpreferences_v3", null);
        endpoints.put("GET /admin/migrations", null);
        endpoints.put("GET /actuator/metrics", null);
        endpoints.put("GET /actuator/env", null);
        endpoints.put("GET /actuator/beans", null);
        Map<String, String> badCredentials = new LinkedHashMap<>();
        badCredentials.put("missing", null);
        badCredentials.put("expired", "Bearer " + JwtTokens.mint(Http.SECRET, VICTIM, true, Duration.ofHours(-2)));
        badCredentials.put("forged", "Bearer " + JwtTokens.mint("another-secret-of-at-least-32-bytes-0123456789",
                VICTIM, true, Duration.ofHours(1)));
        badCredentials.put("alg none", "Bearer " + unsigned("none", ""));
        badCredentials.put("no signature", "Bearer " + unsigned("HS256", ""));
        badCredentials.put("garbage", "Bearer not.a.token");
        badCredentials.put("basic", "Basic " + Base64.getEncoder().encodeToString("ops:ops".getBytes()));
        endpoints.forEach((endpoint, body) -> badCredentials.forEach((kind, authorization) -> {
            String[] methodAndPath = endpoint.split(" ", 2);
            corpus.add(new Hostile("credentials", kind + " " + endpoint, request(methodAndPath[0], methodAndPath[1],
                    authorization, body == null ? null : "application/json", body == null ? null : body[0]),
                    UNAUTHORIZED));
        }));

        // A user's token where only admins, or only another user, may go: 403.
        endpoints.forEach((endpoint, body) -> {
            String[] methodAndPath = endpoint.split(" ", 2);
            boolean own = methodAndPath[1].startsWith(prefs);
            String authorization = "Bearer " + (own ? token("mallory", false) : victim);
            corpus.add(new Hostile("authorisation", endpoint, request(methodAndPath[0], methodAndPath[1],
                    authorization, body == null ? null : "application/json", body == null ? null : body[0]),
                    FORBIDDEN));
        });

        // Bodies: malformed, truncated, wrong types, unknown fields, too deep, too big, NUL and invalid UTF-8.
        List<byte[]> bodies = new ArrayList<>();
        for (String body : List.of("{", "{\"theme\":", "{\"theme\": \"dark\"", "[]", "[{\"theme\": \"dark\"}]",
                "\"dark\"", "42", "null", "true", "{\"theme\": 1}", "{\"theme\": true}", "{\"theme\": null, }",
                "{\"theme\": [\"dark\"]}", "{\"theme\": {\"value\": \"dark\"}}", "{\"language\": 7}",
                "{\"language\": []}", "{\"notificationsEnabled\": \"yes\"}", "{\"notificationsEnabled\": 1}",
                "{\"theme\": \"purple\"}", "{\"theme\": \"DARK\"}", "{\"language\": \"en--US\"}",
                "{\"language\": \"en_US\"}", "{\"language\": \"x-!!\"}", "{\"language\": \"" + "a".repeat(300) + "\"}",
                "{\"theme\": \"dark'; DROP TABLE domain_event_entry; --\"}",
                "{\"language\": \"' OR 1=1 --\"}", "{\"unknown\": 1}", "{\"theme\": \"dark\", \"isAdmin\": true}",
                "{\"theme\": \"dark\", \"theme\": \"light\"}", "{\"theme\": \"dark\"} {\"theme\": \"light\"}",
                "{\"theme\": \"dark\"} trailing", "{'theme': 'dark'}", "{theme: dark}", "{\"theme\": \"\\ud800\"}",
                "{\"a\":".repeat(2_000), "[".repeat(10_000), "{\"theme\": \"" + "x".repeat(17 * 1024) + "\"}",
                "{\"theme\": \"light\", \"padding\": \"" + " ".repeat(20 * 1024) + "\"}")) {
            bodies.add(body.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add("{\"theme\": \"da\u0000rk\"}".getBytes(StandardCharsets.UTF_8));
        bodies.add(concat("{\"theme\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe},
                "\"}".getBytes(StandardCharsets.UTF_8)));
        bodies.add(concat("{\"language\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xc3},
                "\"}".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new byte[] {0, 0, 0, 0});
        for (byte[] body : bodies) {
            String description = abbreviate(new String(body, StandardCharsets.UTF_8));
            corpus.add(new Hostile("body", "POST " + description,
                    request("POST", prefs, "Bearer " + victim, "application/json", body), CLIENT_ERROR));
            corpus.add(new Hostile("body", "PATCH " + description,
                    request("PATCH", prefs, "Bearer " + victim, "application/merge-patch+json", body), CLIENT_ERROR));
        }
        // Bodies where none belongs, and the admin endpoints' bodies.
        for (String body : List.of("{", "{\"version\": \"one\"}", "{\"version\": -1}", "{\"version\": 1.5}", "[]",
                "{\"version\": 99}", "{\"version\": 1, \"generation\": \"x\"}", "{\"version\": 1, \"force\": 1}")) {
            corpus.add(new Hostile("admin body", body, request("POST",
                    "/admin/projections/userpreferences/activate", "Bearer " + admin, "application/json",
                    body.getBytes(StandardCharsets.UTF_8)), CLIENT_ERROR));
        }

        // Wrong media types.
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/json; charset=latin-1-nope", "garbage")) {
            for (String method : List.of("POST", "PATCH")) {
                corpus.add(new Hostile("media type", method + " " + type,
                        request(method, prefs, "Bearer " + victim, type, "{\"theme\": \"dark\"}"), CLIENT_ERROR));
            }
        }
        corpus.add(new Hostile("media type", "PATCH without a type",
                request("PATCH", prefs, "Bearer " + victim, null, "{\"theme\": \"dark\"}"), CLIENT_ERROR));

        // User ids: over-long, path traversal, encodings, SQL: refused (or absent) on every user endpoint, even for
        // an admin, who may reach any user.
        List<String> userIds = List.of("a".repeat(129), "x".repeat(5_000), "..", "%2e%2e", "..%2F..%2Fadmin",
                "%2Fetc%2Fpasswd", "victim%2F..%2Fmallory", "a%00b", "victim%00", "%ZZ", "a%20b", "%E2%80%AE",
                "%C3%A9l%C3%A8ve", "robert'%20OR%20'1'%3D'1", "1%3BDROP%20TABLE%20domain_event_entry",
                "%27%3B--", "%22%3E%3Cscript%3E", "victim%3Bx%3D1", "a+b", "~root", "victim%5C..",
                "%25", "a%0d%0aX-Injected:%201", "%FF%FE", "%C0%AE%C0%AE");
        for (String userId : userIds) {
            String path = "/api/users/" + userId + "/preferences";
            corpus.add(new Hostile("user id", "GET " + abbreviate(userId),
                    request("GET", path, "Bearer " + admin, null, (String) null), CLIENT_ERROR));
            corpus.add(new Hostile("user id", "history " + abbreviate(userId),
                    request("GET", path + "/history", "Bearer " + admin, null, (String) null), CLIENT_ERROR));
            corpus.add(new Hostile("user id", "POST " + abbreviate(userId),
                    request("POST", path, "Bearer " + admin, "application/json", "{}"), CLIENT_ERROR));
            corpus.add(new Hostile("user id", "PATCH " + abbreviate(userId),
                    request("PATCH", path, "Bearer " + admin, "application/json", "{\"theme\": \"dark\"}"),
                    CLIENT_ERROR));
            corpus.add(new Hostile("user id", "reset " + abbreviate(userId),
                    request("POST", path + "/reset", "Bearer " + admin, null, (String) null), CLIENT_ERROR));
            corpus.add(new Hostile("user id", "DELETE " + abbreviate(userId),
                    request("DELETE", path, "Bearer " + admin, null, (String) null), CLIENT_ERROR));
        }

        // Query parameters.
        for (String query : List.of("minVersion=-1", "minVersion=-9223372036854775808", "minVersion=abc",
                "minVersion=1.5", "minVersion=", "minVersion=99999999999999999999999",
                "minVersion=9223372036854775807", "minVersion=2", "minVersion=1%3BDROP%20TABLE%20x",
                "minVersion=%27%20OR%201%3D1", "asOf=garbage", "asOf=2026-13-45T00:00:00Z", "asOf=yesterday",
                "asOf=%27%20OR%201%3D1", "asOf=", "asOf=1700000000", "asOf=1500-01-01T00:00:00Z",
                "asOf=2020-01-01T00:00:00Z&minVersion=1")) {
            corpus.add(new Hostile("parameter", query,
                    request("GET", prefs + "?" + query, "Bearer " + victim, null, (String) null), CLIENT_ERROR));
        }
        for (String query : List.of("limit=0", "limit=-1", "limit=501", "limit=abc", "limit=99999999999999999999",
                "limit=1%3BDROP%20TABLE%20x", "theme=purple", "theme=%27%20OR%201%3D1", "language=!!",
                "language=%27%20OR%20%271%27%3D%271", "notificationsEnabled=maybe", "notificationsEnabled=1",
                "after=%27%20OR%201%3D1", "after=" + "z".repeat(300), "after=%00")) {
            corpus.add(new Hostile("parameter", query,
                    request("GET", "/api/preferences?" + query, "Bearer " + admin, null, (String) null),
                    CLIENT_ERROR));
        }
        for (String path : List.of("/admin/projections/userpreferences/rebuild?version=abc",
                "/admin/projections/userpreferences/rebuild?version=-1",
                "/admin/projections/%27%20OR%201%3D1/rebuild", "/admin/projections/nothing/rebuild",
                "/admin/dead-letters/%27%3B--/retry", "/admin/rebuilds/not-a-uuid/cancel")) {
            corpus.add(new Hostile("parameter", path, request("POST", path, "Bearer " + admin, null, (String) null),
                    CLIENT_ERROR));
        }
        corpus.add(new Hostile("parameter", "rebuild job not a uuid",
                request("GET", "/admin/rebuilds/%27%20OR%201%3D1", "Bearer " + admin, null, (String) null),
                CLIENT_ERROR));

        // Conditional headers.
        for (String ifMatch : List.of("garbage", "\"abc\"", "W/\"1\"", "\"-1\"", "\"99999999999999999999\"",
                "1", "\"1", "\"" + "9".repeat(500) + "\"", "\"999\"")) {
            for (String[] methodAndPath : List.of(new String[] {"PATCH", prefs}, new String[] {"POST", prefs + "/reset"},
                    new String[] {"DELETE", prefs})) {
                boolean patch = methodAndPath[0].equals("PATCH");
                corpus.add(new Hostile("If-Match", methodAndPath[0] + " " + ifMatch,
                        request(methodAndPath[0], methodAndPath[1], "Bearer " + victim,
                                patch ? "application/json" : null, patch ? "{\"theme\": \"dark\"}" : null,
                                "If-Match", ifMatch), CLIENT_ERROR));
            }
        }
        for (String ifNoneMatch : List.of("garbage", "\"1", "1", "W/1", "\"1\" \"2\"")) {
            corpus.add(new Hostile("If-None-Match", ifNoneMatch, request("GET", prefs, "Bearer " + victim, null,
                    (String) null, "If-None-Match", ifNoneMatch), CLIENT_ERROR));
        }

        // Methods nobody serves.
        for (String method : List.of("PUT", "TRACE", "CONNECT", "PROPFIND")) {
            corpus.add(new Hostile("method", method, request(method, prefs, "Bearer " + victim, null, (String) null),
                    CLIENT_ERROR));
        }

        // Broken HTTP, answered by the server before any controller.
        String auth = "Authorization: Bearer " + victim + "\r\n";
        for (String raw : List.of("GET /api/users/vic tim/preferences HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/users/vic\u0001tim/preferences HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/users/victim/preferences HTTP/1.1\r\nHost: x\r\nBad Header\r\n" + auth + "\r\n",
                "GARBAGE\r\n\r\n",
                "GET /api/users/victim/preferences HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n" + auth + "\r\n",
                "GET /api/users/victim/preferences HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n"
                + auth + "\r\n",
                "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/users/victim/preferences HTTP/9.9\r\nHost: x\r\n" + auth + "\r\n")) {
            corpus.add(new Hostile("protocol", abbreviate(raw), raw.getBytes(StandardCharsets.ISO_8859_1),
                    CLIENT_ERROR));
        }
        corpus.add(new Hostile("protocol", "invalid UTF-8 in the path", concat(
                "GET /api/users/".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff, (byte) 0xfe},
                ("/preferences HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                CLIENT_ERROR));
        return corpus;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generated: what an API fuzzer found, then every path crossed with malformed query strings, every header class
    // with malformed values, and malformed request lines.

    /** The endpoints, as an admin reaches them (so that the request gets past security to the input checks). */
    private static List<String[]> endpoints() {
        String prefs = "/api/users/" + VICTIM + "/preferences";
        String job = "/admin/rebuilds/00000000-0000-0000-0000-000000000000";
        // method, path, content type, body: writes carry a body that is refused, so none of them ever writes.
        return List.of(new String[] {"GET", prefs, null, null}, new String[] {"GET", prefs + "/history", null, null},
                new String[] {"POST", prefs, "application/json", "{\"theme\": \"purple\"}"},
                new String[] {"PATCH", prefs, "application/merge-patch+json", "{\"theme\": \"purple\"}"},
                new String[] {"POST", prefs + "/reset", null, null}, new String[] {"DELETE", prefs, null, null},
                new String[] {"GET", "/api/preferences", null, null},
                new String[] {"GET", "/api/preferences/stats", null, null},
                new String[] {"GET", "/admin/projections", null, null},
                new String[] {"POST", "/admin/projections/userpreferences/rebuild", null, null},
                new String[] {"POST", "/admin/projections/userpreferences/activate", "application/json",
                              "{\"version\": 99}"},
                new String[] {"GET", job, null, null}, new String[] {"POST", job + "/cancel", null, null},
                new String[] {"GET", "/admin/dead-letters", null, null},
                new String[] {"POST", "/admin/dead-letters/userpreferences_v3/retry", null, null},
                new String[] {"GET", "/admin/migrations", null, null},
                new String[] {"GET", "/actuator/health", null, null},
                new String[] {"GET", "/actuator/metrics", null, null}, new String[] {"GET", "/nope", null, null});
    }

    /** Query strings Tomcat cannot parse: refused on every path, before anything reads a parameter. */
    static List<String> malformedQueries() {
        List<String> queries = new ArrayList<>(List.of("=1", "=", "=true", "&=x", "a=1&=2", "==", "=%zz",
                "%zz", "a=%zz", "%zz=1", "theme=%zz", "a=%", "%", "a=%4", "a=%4g", "a=%g4", "a=%%",
                "a=%C3", "a=%C3%28", "a=%FF%FE", "a=%C0%AE", "a=%ED%A0%80", "a=%F8%88%80%80%80", "a=%80",
                "minVersion=%zz", "limit=%C3"));
        queries.add("a=1&".repeat(1_001));
        return queries;
    }

    /** Odd but parseable query strings: a read may succeed or refuse them, but never fail. */
    static List<String> oddQueries() {
        return List.of("a=%00", "a=%01%1F%7F", "minVersion=1&minVersion=2", "limit=1&limit=2",
                "theme=dark&theme=light", "&&&", "a&b", "a", "a==b", "a=b=c", "?", "+", "a=+", "%2B=%2B",
                "a[]=1", "a[b]=1", "__proto__=1", "minVersion=%20", "limit=%2B1", "limit=1e3", "limit=0x10",
                "asOf=2026-01-01T00:00:00%2B01:00", "after=%E2%80%AE", "theme=%E2%80%AEdark",
                "a=" + "x".repeat(6_000), "a=" + "x".repeat(20_000), "a=%22%3E%3Cscript%3E", "a=1;b=2",
                "a=%0D%0AX-Injected:%201");
    }

    private static List<Hostile> fuzzerFindings() {
        String admin = "Bearer " + token("ops", true);
        String victim = "Bearer " + token(VICTIM, false);
        String prefs = "/api/users/" + VICTIM + "/preferences";
        List<Hostile> found = new ArrayList<>();
        for (String[] request : List.of(new String[] {"GET", "/api/users/u/preferences?=1"},
                new String[] {"GET", "/api/preferences?theme=%zz"},
                new String[] {"POST", "/admin/projections/x/rebuild?=true"},
                new String[] {"GET", "/actuator/health?=x"})) {
            found.add(new Hostile("fuzzer", request[0] + " " + request[1],
                    request(request[0], request[1], admin, null, (String) null), status -> status == 400,
                    ProblemType.MALFORMED_REQUEST));
        }
        // Accept lists only a problem type: a read has no JSON to give (406); a write has run, and answers JSON.
        found.add(new Hostile("fuzzer", "GET " + prefs + " Accept problem+json", request("GET", prefs, victim, null,
                (String) null, "Accept", "application/problem+json"), status -> status == 406,
                ProblemType.NOT_ACCEPTABLE));
        found.add(new Hostile("fuzzer", "GET " + prefs + " Accept problem+json or JSON", request("GET", prefs,
                victim, null, (String) null, "Accept", "application/problem+json, application/json;q=0.5"),
                status -> status == 200));
        for (String accept : List.of("application/yaml", "application/xml", "application/cbor",
                "application/x-jackson-smile", "text/html")) {
            found.add(new Hostile("fuzzer", "GET " + prefs + " Accept " + accept, request("GET", prefs, victim,
                    null, (String) null, "Accept", accept), status -> status == 406, ProblemType.NOT_ACCEPTABLE));
        }
        for (String method : List.of("QUERY", "FOO", "PROPFIND", "TRACE")) {
            found.add(new Hostile("fuzzer", method + " " + prefs, request(method, prefs, victim, null,
                    (String) null), status -> status == 405, ProblemType.METHOD_NOT_ALLOWED));
        }
        found.add(new Hostile("fuzzer", "GET /error", request("GET", "/error", null, null, (String) null),
                status -> status == 404, ProblemType.PATH_NOT_FOUND));
        found.add(new Hostile("fuzzer", "HEAD /api/preferences as a user", request("HEAD", "/api/preferences",
                victim, null, (String) null), status -> status == 403));
        return found;
    }

    private static List<Hostile> malformedQueryStrings() {
        String admin = "Bearer " + token("ops", true);
        List<Hostile> corpus = new ArrayList<>();
        for (String[] endpoint : endpoints()) {
            for (String query : malformedQueries()) {
                corpus.add(new Hostile("query string", endpoint[0] + " " + endpoint[1] + "?" + abbreviate(query),
                        request(endpoint[0], endpoint[1] + "?" + query, admin, endpoint[2], endpoint[3]),
                        status -> status == 400, ProblemType.MALFORMED_REQUEST));
            }
            if (endpoint[0].equals("GET")) {
                for (String query : oddQueries()) {
                    corpus.add(new Hostile("odd query", endpoint[0] + " " + endpoint[1] + "?" + abbreviate(query),
                            request(endpoint[0], endpoint[1] + "?" + query, admin, null, (String) null),
                            NO_SERVER_ERROR));
                }
            }
        }
        return corpus;
    }

    private static List<Hostile> malformedHeaders() {
        String victim = token(VICTIM, false);
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("Accept", List.of("garbage", "application/problem+json", "text/html", "*/*;q=abc",
                "application/json;q=0", "application/json;q=2", ";", "/", "application/", "*/json",
                "application/*+json", "application/xml", "application/yaml", "application/cbor", "text/plain",
                "a".repeat(5_000) + "/b", "application/json, ,", "application/json;charset=nope", "*/*, garbage"));
        values.put("Accept-Charset", List.of("garbage", "nope;q=1", ""));
        values.put("Accept-Language", List.of("garbage!!", "*;q=x", "en-US;q=0.5,,", "x".repeat(3_000)));
        values.put("Accept-Encoding", List.of("gzip;q=x", "garbage", "br, , zstd"));
        values.put("Content-Type", List.of("garbage", ";", "/", "application/", "application/json; charset=nope",
                "application/json;;", "application/merge-patch+json; charset=\"", "multipart/form-data",
                "application/x-www-form-urlencoded", "application/json, application/xml", "*/*", "application/*"));
        values.put("If-Match", List.of("W/\"1\"", "\"1\", \"2\"", "*, \"1\"", ",", "\"\"", "W/", "\u00ff",
                "\"1\" \"2\"", "W/\"1\", W/\"2\"", "\"" + "9".repeat(2_000) + "\""));
        values.put("If-None-Match", List.of("W/\"1\"", "\"1\", W/\"2\"", "*", "garbage", ",,,", "\"1\" \"2\""));
        values.put("If-Modified-Since", List.of("garbage", "Mon, 32 Dec 2026 99:99:99 GMT", "0", "-1"));
        values.put("If-Unmodified-Since", List.of("garbage", "Thu, 01 Jan 1970 00:00:00 GMT"));
        values.put("Range", List.of("bytes=garbage", "bytes=0-0", "bytes=-1", "items=1-2"));
        values.put("Idempotency-Key", List.of("", " ", "a b", "x".repeat(300), "\u00e9t\u00e9", "\t", "\"quoted\""));
        values.put("Authorization", List.of("", "Bearer", "Bearer ", "Bearer  " + victim, "bearer " + victim,
                "Bearer " + victim + " extra", "Bearer " + "a".repeat(6_000), "Bearer " + victim + "\u00ff",
                "Digest username=\"x\"", "Bearer ..", "Bearer a.b.c.d.e"));
        values.put("Host", List.of("", "bad host!", "[::1", "a:b:c", "localhost:99999", "localhost:-1"));
        values.put("Cookie", List.of("=;=;", "a=" + "b".repeat(3_000), "JSESSIONID=garbage"));
        values.put("Origin", List.of("null", "garbage", "http://evil.example"));
        values.put("X-Forwarded-For", List.of("garbage", "999.999.999.999", "unix:/x"));
        values.put("X-Forwarded-Proto", List.of("garbage", "https, http"));
        values.put("Forwarded", List.of("for=\"[::1\";proto=x", "garbage"));
        values.put("Connection", List.of("garbage", "Upgrade"));
        values.put("Upgrade", List.of("h2c", "websocket", "garbage"));
        values.put("Transfer-Encoding", List.of("bogus", "chunked, gzip", "identity", "gzip"));
        values.put("Expect", List.of("bogus", "100-continue, bogus"));
        values.put("Content-Length", List.of("-1", "abc", "99999999999999999999", "1, 2", " 0"));
        String prefs = "/api/users/" + VICTIM + "/preferences";
        List<Hostile> corpus = new ArrayList<>();
        values.forEach((name, list) -> {
            for (String value : list) {
                String description = name + ": " + abbreviate(value);
                boolean auth = name.equals("Authorization");
                String authorization = auth ? null : "Bearer " + victim;
                String[] header = {name, value};
                corpus.add(new Hostile("header", "GET " + prefs + " " + description,
                        raw("GET", prefs, authorization, null, null, header), NO_SERVER_ERROR));
                corpus.add(new Hostile("header", "PATCH " + prefs + " " + description,
                        raw("PATCH", prefs, authorization, name.equals("Content-Type") ? null
                                : "application/merge-patch+json", "{\"theme\": \"purple\"}", header),
                        CLIENT_ERROR));
                corpus.add(new Hostile("header", "GET /actuator/health " + description,
                        raw("GET", "/actuator/health", authorization, null, null, header), NO_SERVER_ERROR));
            }
        });
        // Malformed header lines, whatever the header.
        String auth = "Authorization: Bearer " + victim + "\r\n";
        for (String line : List.of("X Bad: 1", ": noname", "X-\u0001: 1", "X-A: 1\r\n  folded", "X-A: a\u0000b",
                "X-" + "N".repeat(9_000) + ": 1", "X-A:" + "\u00ff".repeat(10), "X-A", "X-A:: 1", "\u0000: 1")) {
            String raw = "GET " + prefs + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + auth + line
                         + "\r\n\r\n";
            corpus.add(new Hostile("header line", abbreviate(line), raw.getBytes(StandardCharsets.ISO_8859_1),
                    NO_SERVER_ERROR));
        }
        String many = "GET " + prefs + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + auth
                      + "X-A: 1\r\n".repeat(500) + "\r\n";
        corpus.add(new Hostile("header line", "500 headers", many.getBytes(StandardCharsets.ISO_8859_1),
                NO_SERVER_ERROR));
        for (String twice : List.of("Host", "Content-Type", "Content-Length", "Authorization", "If-Match")) {
            String value = switch (twice) {
                case "Host" -> "other";
                case "Content-Type" -> "text/plain";
                case "Content-Length" -> "3";
                case "Authorization" -> "Bearer " + token("mallory", true);
                default -> "\"1\"";
            };
            corpus.add(new Hostile("header line", "two " + twice, raw("PATCH", prefs, "Bearer " + victim,
                    "application/merge-patch+json", "{\"theme\": \"purple\"}", twice, value), CLIENT_ERROR));
        }
        return corpus;
    }

    private static List<Hostile> malformedRequestLines() {
        String victim = "Authorization: Bearer " + token(VICTIM, false) + "\r\n";
        String prefs = "/api/users/" + VICTIM + "/preferences";
        List<Hostile> corpus = new ArrayList<>();
        for (String method : List.of("QUERY", "FOO", "get", "G\u0001T", "M".repeat(300), "PROPFIND", "CONNECT",
                "TRACE", "PUT", "LINK", "GET GET", "")) {
            for (String path : List.of(prefs, "/api/preferences", "/admin/projections", "/actuator/health",
                    "/nope")) {
                corpus.add(requestLine("method", method + " " + path + " HTTP/1.1", victim));
            }
        }
        for (String target : List.of("*", "http://localhost" + prefs, "//api/users/victim/preferences",
                "/api//users/victim/preferences", prefs + "/", prefs + ";x=1", "/api/users/victim;x=1/preferences",
                prefs + "%3Bx", "/api/./users/victim/preferences", "/api/users/victim/../victim/preferences",
                prefs + "#frag", prefs + "?", prefs + "??", prefs + "?a=1?b=2", prefs + "\t", "/%2e%2e/%2e%2e/etc",
                prefs + "%00", "/api/users/%u0076ictim/preferences", "/\\api", "/api/users/" + "a".repeat(9_000),
                "api/users/victim/preferences", "", prefs + "?a=\u0001", prefs + "?a=\u007f", prefs + "?a= b",
                prefs + "?a=\u00ff", prefs + "?a=\"<>", prefs + "?a={}|^`", "/api/users/vic\u00e9tim/preferences")) {
            corpus.add(requestLine("target", "GET " + target + " HTTP/1.1", victim));
        }
        for (String version : List.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/1.1x", "HTTP/1", "HTTPS/1.1",
                "http/1.1", "HTTP/1.1 extra", "HTTP/11", "HTTP/ 1.1")) {
            corpus.add(requestLine("version", "GET " + prefs + " " + version, victim));
        }
        return corpus;
    }

    private static Hostile requestLine(String kind, String line, String authorization) {
        String raw = line + "\r\nHost: localhost\r\nConnection: close\r\n" + authorization + "\r\n";
        return new Hostile("request line", kind + " " + abbreviate(line), raw.getBytes(StandardCharsets.ISO_8859_1),
                NO_SERVER_ERROR);
    }

    /**
     * A request whose headers are exactly those given (name, value pairs) besides Host, Connection, Authorization
     * and Content-Type: Content-Length is added only when no header of that name is given.
     */
    private static byte[] raw(String method, String path, String authorization, String contentType, String body,
                              String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        boolean length = false;
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            length |= headers[i].equalsIgnoreCase("Content-Length")
                      || headers[i].equalsIgnoreCase("Transfer-Encoding");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (!length) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), bytes);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Raw HTTP

    private static byte[] request(String method, String path, String authorization, String contentType, String body,
                                  String... headers) {
        return request(method, path, authorization, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static byte[] request(String method, String path, String authorization, String contentType, byte[] body,
                                  String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.UTF_8), body == null ? new byte[0] : body);
    }

    private static Answer send(byte[] raw) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(raw);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before reading a long body: read what it said.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return parse(answer.toString(StandardCharsets.UTF_8));
        }
    }

    private static Answer parse(String response) {
        int headEnd = response.indexOf("\r\n\r\n");
        if (response.startsWith("{\"type\":\"" + ProblemType.MALFORMED_REQUEST.uri() + "\"")) {
            // A request line so broken that Tomcat cannot tell its HTTP version (an empty target, a raw control
            // character or space in it) is answered the HTTP/0.9 way: the body alone, which is our 400 problem.
            return new Answer(400, "application/problem+json (no head: HTTP/0.9)", response, Map.of());
        }
        if (!response.startsWith("HTTP/1.1 ") || headEnd < 0) {
            return new Answer(-1, null, response, Map.of());
        }
        String[] lines = response.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new TreeMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        line.substring(colon + 1).trim(), (first, second) -> first + ", " + second);
            }
        }
        return new Answer(status, headers.get("content-type"), response.substring(headEnd + 4), headers);
    }

    private static String token(String subject, boolean admin) {
        return JwtTokens.mint(Http.SECRET, subject, admin, Duration.ofHours(1));
    }

    /** A JWT with the given algorithm and signature (as an attacker would write one), for the victim, as admin. */
    private static String unsigned(String algorithm, String signature) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString(("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}").getBytes());
        String claims = base64.encodeToString(("{\"sub\":\"" + VICTIM + "\",\"scope\":\"preferences:admin\",\"exp\":"
                                               + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes());
        return header + "." + claims + "." + signature;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine;
    }
}
