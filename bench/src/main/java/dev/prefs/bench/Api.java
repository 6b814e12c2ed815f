package dev.prefs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The service's HTTP API as a client sees it, with an admin bearer token. One instance per client thread. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    Api(String base, String token) {
        this.base = base;
        this.authorization = "Bearer " + token;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PATCHes a merge patch; the new version, or an exception for any answer but 200. */
    long patch(String userId, String mergePatch) throws IOException, InterruptedException {
        HttpResponse<String> answer = send("PATCH", "/api/users/" + userId + "/preferences",
                "application/merge-patch+json", mergePatch);
        return version(answer);
    }

    /** The version a read of the user answers; an exception for any answer but 200. */
    long read(String userId) throws IOException, InterruptedException {
        return version(get("/api/users/" + userId + "/preferences"));
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(path);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /** Reads {@code userId} until it shows {@code version}; false if it did not within {@code within}. */
    boolean awaitVersion(String userId, long version, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (read(userId) < version) {
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every following build (live, standby, building) of every projection this service runs has lag 0,
     * asking every {@code poll}; throws if that takes longer than {@code within}.
     */
    void awaitCaughtUp(Duration within, Duration poll) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (caughtUp()) {
                return;
            }
            LockSupport.parkNanos(poll.toNanos());
        }
        throw new IllegalStateException("the projections of " + base + " did not catch up within " + within);
    }

    private boolean caughtUp() throws IOException, InterruptedException {
        for (JsonNode projection : json("/admin/projections")) {
            for (JsonNode build : projection.get("versions")) {
                String status = build.get("status").asText();
                if ((status.equals("live") || status.equals("standby") || status.equals("building"))
                    && build.get("lag").asLong() != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    static JsonNode json(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body());
    }

    private static long version(HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).get("version").asLong();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
    }
}
