package dev.prefs.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import dev.prefs.platform.security.JwtTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the test server, and its JSON answers as trees. Requests carry an admin bearer token signed with
 * the test secret (application.properties), unless the caller passes its own Authorization header; who may read what
 * is tested end to end in the standalone module.
 */
public final class HttpJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_TOKEN = JwtTokens.mint(testSecret(), "query-tests", true, Duration.ofHours(1));

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    public HttpJson(int port) {
        this.base = "http://localhost:" + port;
    }

    /** GET {@code pathAndQuery} with optional header name/value pairs. */
    public HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        boolean authorization = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            authorization |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!authorization) {
            request.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST {@code body} (JSON; empty for none) to {@code pathAndQuery}. */
    public HttpResponse<String> post(String pathAndQuery, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code method} {@code pathAndQuery} with {@code body} (empty for none) and header name/value pairs; an admin
     * token unless they carry an Authorization header, no Content-Type unless they carry one.
     */
    public HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).method(method,
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean authorization = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            authorization |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!authorization) {
            request.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An Authorization header value for {@code subject} with {@code scope} and {@code tenant} (either may be null). */
    public static String bearer(String subject, String scope, String tenant) {
        return "Bearer " + JwtTokens.mint(testSecret(), subject, scope, tenant, Duration.ofHours(1));
    }

    private static String testSecret() {
        Properties properties = new Properties();
        try (var in = HttpJson.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("prefs.security.jwt-secret");
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
