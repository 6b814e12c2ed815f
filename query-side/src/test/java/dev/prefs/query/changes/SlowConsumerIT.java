package dev.prefs.query.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.QuerySideApplication;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A consumer that never reads while 2,000 changes are written: writers and a reading consumer keep their pace, the
 * stalled one is closed once its buffer is full, and with its last id it gets the rest, every change exactly once.
 */
@SpringBootTest(classes = {QuerySideApplication.class, SlowConsumerIT.SmallSendBuffers.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.changes.buffer-items=100", "prefs.query.changes.stall-timeout=1s",
                "prefs.query.changes.heartbeat=2s"})
@TestDatabaseDataSource
class SlowConsumerIT {

    /**
     * Small socket send buffers, so that a consumer that stops reading fills them with a few changes (a kernel's
     * autotuned buffers would take the whole test's worth first).
     */
    @TestConfiguration
    static class SmallSendBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffers() {
            return connector -> connector.setProperty("socket.txBufSize", "4096");
        }
    }

    static final TestDatabase DB = TestDatabase.create("query_change_feed_slow");
    static final int USERS = 200;
    static final int ROUNDS = 10;

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    ChangeFeedReader reader;
    @Autowired
    ChangeStreams streams;
    @LocalServerPort
    int port;

    @Test
    void aConsumerThatStopsReadingIsCutOffAndResumesWithEveryChangeExactlyOnce() throws Exception {
        FeedEvents events = new FeedEvents(eventStore, transactionManager);
        events.append("admin", IntStream.range(0, USERS)
                .mapToObj(i -> ChangeFeedIT.created("sc" + i, "t-slow", null, null)).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.state().lastPosition() == USERS);
        long start = reader.state().lastPosition();

        try (Socket stalled = new Socket();
             SseClient reading = new SseClient(port, "/api/changes?after=" + FeedCursor.of(start),
                     ChangeFeedIT.FOLLOWER, null)) {
            stalled.setReceiveBufferSize(2_048);
            stalled.connect(new InetSocketAddress("localhost", port));
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /api/changes?after=" + FeedCursor.of(start) + " HTTP/1.0\r\nHost: localhost\r\n"
                           + "Accept: text/event-stream\r\nAuthorization: Bearer " + ChangeFeedIT.FOLLOWER
                           + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.open() == 2);

            List<Long> batchMillis = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String theme = round % 2 == 0 ? "light" : "system";
                for (int from = 0; from < USERS; from += 50) {
                    List<PreferencesEvent> batch = IntStream.range(from, from + 50)
                            .<PreferencesEvent>mapToObj(i -> new ThemeChangedEvent("sc" + i, theme)).toList();
                    long began = System.nanoTime();
                    events.append("writer", batch);
                    batchMillis.add((System.nanoTime() - began) / 1_000_000);
                }
            }
            int total = USERS * ROUNDS;
            // The projection and a consumer that reads keep up with the writers.
            List<SseClient.Event> received = reading.events(total, Duration.ofSeconds(30));
            assertThat(received).hasSize(total);
            assertThat(batchMillis).as("no write waits for a consumer").allMatch(ms -> ms < 5_000);
            // The stalled one is cut off.
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.open() == 1);

            stalled.setSoTimeout(30_000);
            List<String> ids = completeFrameIds(stalled.getInputStream());
            assertThat(ids.size()).as("cut off before the end").isLessThan(total);
            try (SseClient resumed = new SseClient(port, "/api/changes?after=" + FeedCursor.of(start),
                    ChangeFeedIT.FOLLOWER, ids.isEmpty() ? FeedCursor.of(start) : ids.get(ids.size() - 1))) {
                resumed.events(total - ids.size(), Duration.ofSeconds(30)).forEach(e -> ids.add(e.id()));
                assertThat(resumed.line(Duration.ofMillis(300))).as("nothing more").isIn(null, ": heartbeat");
            }
            List<String> expected = LongStream.rangeClosed(start + 1, start + total).mapToObj(FeedCursor::of).toList();
            assertThat(ids).containsExactlyElementsOf(expected);
            assertThat(received).extracting(SseClient.Event::id).containsExactlyElementsOf(expected);
        }
    }

    /** The ids of the complete events in what the server sent before closing. */
    private static List<String> completeFrameIds(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);
        List<String> ids = new ArrayList<>();
        int end;
        while ((end = body.indexOf("\n\n")) >= 0) {
            String frame = body.substring(0, end);
            body = body.substring(end + 2);
            if (frame.startsWith("id: ") && frame.contains("\ndata: ")) {
                ids.add(frame.substring(4, frame.indexOf('\n')));
            }
        }
        return ids;
    }
}
