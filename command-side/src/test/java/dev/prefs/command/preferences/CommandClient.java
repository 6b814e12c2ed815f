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
import java.time.Duration;

/** Real HTTP requests to the command paths of a running application. */
final class CommandClient {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    CommandClient(int port) {
        this.base = "http://localhost:" + port + "/api/users/";
    }

    HttpResponse<String> create(String userId, String json, String... headers) {
        return send("POST", userId, "", json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json),
                json == null ? headers : withJson(headers));
    }

    HttpResponse<String> patch(String userId, String json, String... headers) {
        return send("PATCH", userId, "", BodyPublishers.ofString(json),
                prepend(headers, "Content-Type", "application/merge-patch+json"));
    }

    HttpResponse<String> reset(String userId, String... headers) {
        return send("POST", userId, "/reset", BodyPublishers.noBody(), headers);
    }

    HttpResponse<String> delete(String userId, String... headers) {
        return send("DELETE", userId, "", BodyPublishers.noBody(), headers);
    }

    /** Any request; {@code headers} are name, value pairs. */
    HttpResponse<String> send(String method, String userId, String suffix, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + userId + "/preferences" + suffix))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + method + " " + userId, e);
        }
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
