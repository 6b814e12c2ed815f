package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ConcurrentWritesIT.ForeignAppendConfiguration.class)
@TestDatabaseDataSource
class ConcurrentWritesIT {

    static final TestDatabase DB = TestDatabase.create("command_concurrency");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int THREADS = 8;

    @LocalServerPort
    int port;

    @Autowired
    ForeignAppend foreignAppend;

    private CommandClient client;
    private final StoredEvents events = new StoredEvents(DB);
    private ExecutorService threads;

    @BeforeEach
    void setUp() {
        client = new CommandClient(port);
        threads = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void concurrentPatchesWithoutIfMatchAreSerialisedAndNoneIsLost() throws Exception {
        String user = "writers-1";
        client.create(user, "{}");
        int perThread = 200;

        List<HttpResponse<String>> responses = all(thread -> () -> {
            List<HttpResponse<String>> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                String theme = (thread + i) % 2 == 0 ? "light" : "dark";
                mine.add(client.patch(user, "{\"theme\": \"" + theme + "\"}"));
            }
            return mine;
        });

        assertThat(responses).hasSize(THREADS * perThread)
                .allSatisfy(response -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200));
        Set<Long> newVersions = new HashSet<>();
        for (HttpResponse<String> response : responses) {
            long version = JSON.readTree(response.body()).get("version").asLong();
            if (version > 1) {
                newVersions.add(version);
            }
        }
        long finalVersion = JSON.readTree(client.patch(user, "{}").body()).get("version").asLong();
        assertThat(finalVersion).isEqualTo(1 + newVersions.size()).isEqualTo(events.count(user));
        assertThat(newVersions).allSatisfy(version -> assertThat(version).isBetween(2L, finalVersion));
    }

    @Test
    void ofConcurrentPatchesWithTheSameIfMatchExactlyOneSucceeds() throws Exception {
        String user = "writers-2";
        client.create(user, "{}");
        String[] languages = {"de", "fr", "it", "es", "nl", "pt", "sv", "fi"};

        List<HttpResponse<String>> responses = all(thread -> () -> List.of(
                client.patch(user, "{\"language\": \"" + languages[thread] + "\"}", "If-Match", "\"1\"")));

        assertThat(responses).filteredOn(response -> response.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(response -> response.statusCode() == 412).hasSize(THREADS - 1);
        assertThat(events.count(user)).isEqualTo(2);
    }

    @Test
    void concurrentDuplicatesWithOneIdempotencyKeyAppendOnceAndGetOneAnswer() throws Exception {
        String user = "writers-3";
        client.create(user, "{}");

        List<HttpResponse<String>> responses = all(thread -> () -> List.of(
                client.patch(user, "{\"theme\": \"system\"}", "Idempotency-Key", "same-key")));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
        });
        assertThat(responses).filteredOn(response -> response.headers().firstValue("Idempotent-Replayed").isEmpty())
                .hasSize(1);
        assertThat(events.count(user)).isEqualTo(2);
    }

    @Test
    void anAppendConflictWithAnotherProcessIsRetriedOnTheNewState() {
        String user = "writers-4";
        client.create(user, "{}");
        foreignAppend.armFor(user);

        // The key is stored by the first attempt too: only if that row rolls back with the failed append does the
        // retry store its own answer instead of replaying a version that was never appended.
        HttpResponse<String> response = client.patch(user, "{\"language\": \"de\"}", "Idempotency-Key", "retried");

        assertThat(foreignAppend.appended()).isEqualTo(1);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(JSON.readTree(response.body()).get("version").asLong()).isEqualTo(3);
        assertThat(events.types(user))
                .containsExactly("PreferencesCreatedEvent", "ThemeChangedEvent", "LanguageChangedEvent");
    }

    @Test
    void whenAnotherProcessStoresTheSameKeyFirstOurEventsRollBackAndItsAnswerIsOurs() {
        String user = "writers-5";
        client.create(user, "{}");
        foreignAppend.armKeyFor(user, "contested-key", Operation.CHANGE.requestHash("{\"language\":\"de\"}"));

        HttpResponse<String> response = client.patch(user, "{\"language\": \"de\"}",
                "Idempotency-Key", "contested-key");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + ForeignAppend.FOREIGN_VERSION + "\"");
        assertThat(response.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(events.count(user)).isEqualTo(1);
    }

    /** Runs one task per thread, all released at once, and gathers their responses within a deadline. */
    private List<HttpResponse<String>> all(TaskFactory factory) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<HttpResponse<String>>>> futures = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            Callable<List<HttpResponse<String>>> task = factory.task(thread);
            futures.add(threads.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<List<HttpResponse<String>>> future : futures) {
            responses.addAll(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        return responses;
    }

    @FunctionalInterface
    private interface TaskFactory {
        Callable<List<HttpResponse<String>>> task(int thread);
    }

    @TestConfiguration
    static class ForeignAppendConfiguration {

        @Bean
        ForeignAppend foreignAppend() {
            return new ForeignAppend();
        }
    }

    /**
     * Plays a second command-side process. Armed for a user, it commits an event of its own for that user after our
     * handler decided but before our unit of work appends, so our append hits the same sequence number. Armed with a
     * key, it commits that key's row (answered with version {@value #FOREIGN_VERSION}) after we looked the key up but
     * before we store it.
     */
    static class ForeignAppend implements MessageHandlerInterceptor<CommandMessage<?>> {

        static final long FOREIGN_VERSION = 42;

        private final AtomicReference<String> armedFor = new AtomicReference<>();
        private final AtomicReference<String[]> keyArmedFor = new AtomicReference<>();
        private final AtomicInteger appended = new AtomicInteger();

        void armFor(String userId) {
            armedFor.set(userId);
        }

        void armKeyFor(String userId, String key, String requestHash) {
            keyArmedFor.set(new String[] {userId, key, requestHash});
        }

        int appended() {
            return appended.get();
        }

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            String[] key = keyArmedFor.getAndSet(null);
            if (key != null) {
                storeKey(key[0], key[1], key[2]);
            }
            Object result = chain.proceed();
            String armed = armedFor.get();
            if (unitOfWork.getMessage().getPayload() instanceof PreferencesCommand command
                && command.userId().equals(armed) && armedFor.compareAndSet(armed, null)) {
                StoredEvents.appendAsAnotherProcess(DB, command.userId());
                appended.incrementAndGet();
            }
            return result;
        }

        private static void storeKey(String userId, String key, String requestHash) throws SQLException {
            try (Connection connection = DB.connect();
                 PreparedStatement insert = connection.prepareStatement("""
                         INSERT INTO idempotency_keys
                             (user_id, idempotency_key, operation, request_hash, status, version)
                         VALUES (?, ?, 'CHANGE', ?, 200, ?)""")) {
                insert.setString(1, userId);
                insert.setString(2, key);
                insert.setString(3, requestHash);
                insert.setLong(4, FOREIGN_VERSION);
                insert.executeUpdate();
            }
        }
    }
}
