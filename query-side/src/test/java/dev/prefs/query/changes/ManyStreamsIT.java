package dev.prefs.query.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.QuerySideApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Many streams with different filters while writes run: each gets exactly its items, in order, once, from reads of
 * the feed shared by all of them; and streams that connect with an old cursor in the middle of the writes read the
 * table and cross into the shared window without a gap or a repeat. The window is small here (200 items), so the
 * late streams start behind it.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.query.changes.heartbeat=1s", "prefs.query.changes.window-items=200"})
@TestDatabaseDataSource
class ManyStreamsIT {

    static final TestDatabase DB = TestDatabase.create("query_change_feed_many");
    static final int TENANTS = 5;
    static final int TENANT_USERS = 40;
    static final int USERS = TENANT_USERS + 5;
    static final int BATCH = 10;

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

    /** One stream under test: what it asked for, and which items of the whole feed it must get. */
    private record Follower(String name, SseClient client, Predicate<StoredItem> selects) {
    }

    @Test
    void fiftyStreamsWithTheirOwnFiltersGetExactlyTheirItemsOnceInOrderAndLateOnesCrossIntoTheWindow()
            throws Exception {
        FeedEvents events = new FeedEvents(eventStore, transactionManager);
        events.append("admin", IntStream.range(0, USERS).mapToObj(i -> ChangeFeedIT.created(user(i),
                i < TENANT_USERS ? tenant(i % TENANTS) : null, null, null)).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.state().lastPosition() >= USERS);
        long start = reader.state().lastPosition();
        String after = "after=" + FeedCursor.of(start);

        List<Follower> followers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                followers.add(new Follower("all #" + i, open("/api/changes?" + after), item -> true));
            }
            for (int i = 0; i < 20; i++) {
                String tenant = tenant(i % TENANTS);
                followers.add(new Follower(tenant + " #" + i, open("/api/changes?tenantId=" + tenant + "&" + after),
                        item -> tenant.equals(item.tenantId())));
            }
            for (int i = 0; i < 20; i++) {
                String user = user(i * 2 + 1);
                // The user themselves.
                followers.add(new Follower(user, open("/api/users/" + user + "/preferences/changes?" + after,
                        ChangeFeedIT.token(user, null, null)),
                        item -> user.equals(item.userId())));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.open() == 50);

            // The writer writes as many rounds as it is allowed, in three stretches.
            Semaphore allowed = new Semaphore(60);
            AtomicInteger expectedItems = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                Map<String, Integer> versions = new HashMap<>();
                for (int round = 0; round < 150; round++) {
                    allowed.acquireUninterruptibly();
                    expectedItems.addAndGet(write(events, round, versions));
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> allowed.availablePermits() == 0
                    && reader.state().lastPosition() >= start + 300);
            // Late streams with the old cursor, while the writer goes on.
            long late = reader.state().lastPosition();
            String lateTenant = tenant(1);
            Follower lateAll = new Follower("late all", open("/api/changes?" + after), item -> true);
            Follower lateOfTenant = new Follower("late " + lateTenant, open("/api/changes?tenantId=" + lateTenant
                    + "&" + after), item -> lateTenant.equals(item.tenantId()));
            allowed.release(60);
            List<StoredItem> upToLate = feedAfter(start).stream().filter(item -> item.position() <= late).toList();
            Map<Follower, List<SseClient.Event>> lateReceived = new HashMap<>();
            for (Follower follower : List.of(lateAll, lateOfTenant)) {
                int count = (int) upToLate.stream().filter(follower.selects()).count();
                lateReceived.put(follower, new ArrayList<>(follower.client().events(count, Duration.ofSeconds(30))));
                assertThat(lateReceived.get(follower)).as(follower.name() + " caught up").hasSize(count);
            }
            // Writes after the late streams reached where the feed stood when they connected.
            allowed.release(30);
            writer.get(120, TimeUnit.SECONDS);
            long end = start + expectedItems.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.state().lastPosition() == end);

            List<StoredItem> feed = feedAfter(start);
            assertThat(feed).hasSize(expectedItems.get());
            followers.add(lateAll);
            followers.add(lateOfTenant);
            for (Follower follower : followers) {
                List<String> expected = feed.stream().filter(follower.selects())
                        .map(item -> FeedCursor.of(item.position())).toList();
                List<SseClient.Event> received = lateReceived.getOrDefault(follower, new ArrayList<>());
                received.addAll(follower.client().events(expected.size() - received.size(), Duration.ofSeconds(30)));
                assertThat(received).as(follower.name()).extracting(SseClient.Event::id)
                        .containsExactlyElementsOf(expected);
                assertThat(expected).as(follower.name() + " has items").isNotEmpty();
                assertThat(follower.client().events(1, Duration.ofMillis(300))).as(follower.name() + ": no more")
                        .isEmpty();
            }
            ChangeStreams.Reads reads = streams.reads();
            System.out.printf("ManyStreamsIT: %d items; reads of the feed by the shared tail %d, by streams %d%n",
                    feed.size(), reads.tail(), reads.connections());
            // Each stream reading on its own would make about 50 reads per read of the tail.
            assertThat(reads.connections()).as("streams' reads of the table").isLessThan(reads.tail() * 5);
        } finally {
            for (Follower follower : followers) {
                follower.client().close();
            }
        }
    }

    private SseClient open(String pathAndQuery) throws Exception {
        return open(pathAndQuery, ChangeFeedIT.FOLLOWER);
    }

    private SseClient open(String pathAndQuery, String token) throws Exception {
        SseClient client = new SseClient(port, pathAndQuery, token, null);
        assertThat(client.response().statusCode()).as(pathAndQuery).isEqualTo(200);
        assertThat(client.line(Duration.ofSeconds(10))).as(pathAndQuery).isEqualTo("retry: 2000");
        return client;
    }

    /**
     * One round: a theme change of {@code BATCH} users in one transaction (one item each), and every fifth round a
     * tenant's language (one item per user of the tenant, none of whom has a language of their own).
     */
    private static int write(FeedEvents events, int round, Map<String, Integer> versions) {
        List<PreferencesEvent> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String user = user((round * BATCH + i) % USERS);
            int changes = versions.merge(user, 1, Integer::sum);
            batch.add(new ThemeChangedEvent(user, changes % 2 == 0 ? "system" : "light"));
        }
        events.append("writer", batch);
        if (round % 5 != 4) {
            return BATCH;
        }
        String tenant = tenant(round / 5 % TENANTS);
        int changes = versions.merge(tenant, 1, Integer::sum);
        events.append("tenant-admin", ChangeFeedIT.tenant(tenant, new PreferenceValues(null,
                changes % 2 == 0 ? "fr" : "de", null), Set.of()));
        return BATCH + TENANT_USERS / TENANTS;
    }

    /** Every item of the feed after {@code position}, read page by page. */
    private List<StoredItem> feedAfter(long position) {
        List<StoredItem> all = new ArrayList<>();
        List<StoredItem> page;
        do {
            page = reader.after(FeedFilter.ALL, all.isEmpty() ? position : all.get(all.size() - 1).position(),
                    1_000, "after");
            all.addAll(page);
        } while (!page.isEmpty());
        return all;
    }

    private static String user(int i) {
        return "many" + i;
    }

    private static String tenant(int i) {
        return "t-many-" + i;
    }
}
