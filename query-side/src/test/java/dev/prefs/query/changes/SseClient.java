package dev.prefs.query.changes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's Server-Sent Events consumer: every line the stream sends, in order, as it arrives. */
final class SseClient implements AutoCloseable {

    /** One event of the stream (comments are not events). */
    record Event(String id, String event, String data) {
    }

    /** Put on the queue when the stream ends. */
    static final String END = "\u0000end";

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reading;

    SseClient(int port, String pathAndQuery, String token, String lastEventId) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        reading = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // closed
            } finally {
                lines.add(END);
            }
        }, "sse-client");
        reading.setDaemon(true);
        reading.start();
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The next line within {@code timeout}, or null. */
    String line(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The next {@code count} events, each within {@code timeout} of the one before (comments and heartbeats do not
     * count as progress); fewer if the stream ends or an event does not come in time.
     */
    List<Event> events(int count, Duration timeout) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        String id = null;
        String event = null;
        StringBuilder data = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                break;
            }
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, event, data.toString()));
                    deadline = System.nanoTime() + timeout.toNanos();
                }
                id = null;
                event = null;
                data = null;
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        reading.interrupt();
    }
}
