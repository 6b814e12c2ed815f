package dev.prefs.standalone;

import dev.prefs.platform.security.JwtTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against one of the test's servers, with JSON answers as trees. Requests carry an admin bearer token
 * (signed with the test secret in application.properties) unless the client was made with another token or none.
 */
final class Http {

    static final String SECRET = testSecret();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    Http(int port) {
        this(port, JwtTokens.mint(SECRET, "standalone-tests", true, Duration.ofHours(1)));
    }

    /** A client sending {@code token} (null: no Authorization header). */
    Http(int port, String token) {
        this.base = "http://localhost:" + port;
        this.token = token;
    }

    Http as(String otherToken) {
        return new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherToken);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.BodyPublisher body = json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest.Builder request = request(path).method(method, body);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    /** As {@link #send(String, String, String)}, with more headers ({@code name, value, name, value, ...}). */
    HttpResponse<String> send(String method, String path, String json, String... headers) {
        HttpRequest.BodyPublisher body = json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest.Builder request = request(path).method(method, body);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static String testSecret() {
        Properties properties = new Properties();
        try (var in = Http.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("prefs.security.jwt-secret");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
