package dev.prefs.command.preferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import dev.prefs.platform.security.JwtTokens;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * Real HTTP requests to the command paths of a running application, each with a bearer token for the user it acts on
 * (signed with the test secret in application.properties) unless the caller passes its own Authorization header.
 */
public final class CommandClient {

    private static final String SECRET = testSecret();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public CommandClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A bearer token signed with the test secret. */
    public static String token(String subject, String scope, String tenant) {
        return "Bearer " + JwtTokens.mint(SECRET, subject, scope, tenant, Duration.ofMinutes(10));
    }

    /** A merge patch of {@code path} (such as {@code /admin/defaults}); {@code headers} must include Authorization. */
    public HttpResponse<String> patchPath(String path, String json, String... headers) {
        return request("PATCH", path, BodyPublishers.ofString(json),
                prepend(headers, "Content-Type", "application/merge-patch+json"));
    }

    /** Any request to {@code path}; {@code headers} are name, value pairs and must include Authorization. */
    public HttpResponse<String> request(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request, method + " " + path);
    }

    public HttpResponse<String> create(String userId, String json, String... headers) {
        return send("POST", userId, "", json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json),
                json == null ? headers : withJson(headers));
    }

    public HttpResponse<String> patch(String userId, String json, String... headers) {
        return send("PATCH", userId, "", BodyPublishers.ofString(json),
                prepend(headers, "Content-Type", "application/merge-patch+json"));
    }

    public HttpResponse<String> reset(String userId, String... headers) {
        return send("POST", userId, "/reset", BodyPublishers.noBody(), headers);
    }

    public HttpResponse<String> delete(String userId, String... headers) {
        return send("DELETE", userId, "", BodyPublishers.noBody(), headers);
    }

    /** Any request; {@code headers} are name, value pairs. */
    public HttpResponse<String> send(String method, String userId, String suffix, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/users/" + userId + "/preferences"
                                                                        + suffix))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        boolean authorization = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            authorization |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!authorization) {
            // The token's sub is the user id as the server decodes it from the path.
            String sub = URLDecoder.decode(userId.replace("+", "%2B"), StandardCharsets.UTF_8);
            request.header("Authorization", "Bearer " + JwtTokens.mint(SECRET, sub, false, Duration.ofMinutes(10)));
        }
        return send(request, method + " " + userId);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        }
    }

    public static String testSecret() {
        Properties properties = new Properties();
        try (var in = CommandClient.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("prefs.security.jwt-secret");
    }

    private static String[] withJson(String[] headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                return headers;
            }
        }
        return prepend(headers, "Content-Type", "application/json");
    }

    private static String[] prepend(String[] headers, String name, String value) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return headers;
            }
        }
        String[] all = new String[headers.length + 2];
        all[0] = name;
        all[1] = value;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }
}
