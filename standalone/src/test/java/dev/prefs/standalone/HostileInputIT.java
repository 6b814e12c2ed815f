package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.TreeMap;
import java.util.function.IntPredicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several hundred generated hostile requests across every endpoint, sent as raw bytes (so that requests an HTTP
 * library would refuse to send are sent too): every answer is a 4xx problem+json (401/403 where authentication or
 * authorisation is the cause), none leaks a stack trace, and nothing is written.
 */
class HostileInputIT {

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static int port;

    private static final String VICTIM = "victim";
    private static final IntPredicate CLIENT_ERROR = status -> status >= 400 && status < 500;
    private static final IntPredicate UNAUTHORIZED = status -> status == 401;
    private static final IntPredicate FORBIDDEN = status -> status == 403;

    /** One hostile request and the answers it may get. */
    record Hostile(String category, String description, byte[] raw, IntPredicate expected) {
    }

    record Answer(int status, String contentType, String body) {
    }

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        Http victim = new Http(port, token(VICTIM, false));
        assertThat(victim.send("POST", "/api/users/" + VICTIM + "/preferences", "{\"theme\": \"light\"}").statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyHostileRequestIsRefusedWithAProblemAndWritesNothing() throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
        long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        long builds = jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class);
        long keys = jdbc.queryForObject("SELECT count(*) FROM idempotency_keys", Long.class);

        List<Hostile> corpus = corpus();
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

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(wrong).as("answers that are not a clean 4xx problem").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_registry", Long.class)).isEqualTo(builds);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_keys", Long.class)).isEqualTo(keys);
    }

    private static String check(Hostile hostile, Answer answer) {
        if (!hostile.expected().test(answer.status())) {
            return "status " + answer.status() + " " + abbreviate(answer.body());
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
        endpoints.put("POST /admin/dead-letters/userpreferences_v2/retry", null);
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
        if (!response.startsWith("HTTP/1.1 ") || headEnd < 0) {
            return new Answer(-1, null, response);
        }
        String[] lines = response.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String contentType = null;
        for (String line : lines) {
            if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                contentType = line.substring(13).trim();
            }
        }
        return new Answer(status, contentType, response.substring(headEnd + 4));
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
