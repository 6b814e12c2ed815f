package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommitSignalsTest {

    record Row(String userId, long version) implements ProjectionRow {
    }

    private final CommitSignals signals = new CommitSignals();

    @Test
    void aWaiterReadsAgainWhenTheUsersRowIsCommittedAndReturnsWithoutTheFullTimeout() throws Exception {
        AtomicLong stored = new AtomicLong(1);
        CountDownLatch firstReadDone = new CountDownLatch(1);
        CompletableFuture<Optional<Long>> answer = CompletableFuture.supplyAsync(() ->
                signals.await("p", "alice", Duration.ofSeconds(30), () -> {
                    long version = stored.get();
                    firstReadDone.countDown();
                    return version >= 2 ? Optional.of(version) : Optional.empty();
                }));
        assertThat(firstReadDone.await(5, TimeUnit.SECONDS)).isTrue();

        stored.set(2);
        signals.committed("p", List.of(new Row("bob", 7)));
        signals.committed("other", List.of(new Row("alice", 2)));
        signals.committed("p", List.of(new Row("alice", 2)));

        assertThat(answer.get(5, TimeUnit.SECONDS)).contains(2L);
    }

    @Test
    void aWaiterWhoseVersionNeverComesGetsNothingAfterTheTimeout() {
        long started = System.nanoTime();

        Optional<Object> answer = signals.await("p", "alice", Duration.ofMillis(100), Optional::empty);

        assertThat(answer).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void anAnnouncementNamesTheProjectionAndItsUsersAndWakesTheirWaitersInAnyProcess() throws Exception {
        List<String> sent = new java.util.ArrayList<>();
        CommitSignals announcing = new CommitSignals((channel, payload) -> sent.add(channel + "|" + payload));
        announcing.announce("p", List.of(new Row("alice", 2), new Row("bob", 1)));
        announcing.announce("p", List.of());
        assertThat(sent).containsExactly("prefs_projected|p\nalice\nbob");

        AtomicLong stored = new AtomicLong(1);
        CountDownLatch firstReadDone = new CountDownLatch(1);
        CompletableFuture<Optional<Long>> answer = CompletableFuture.supplyAsync(() ->
                signals.await("p", "bob", Duration.ofSeconds(30), () -> {
                    long version = stored.get();
                    firstReadDone.countDown();
                    return version >= 2 ? Optional.of(version) : Optional.empty();
                }));
        assertThat(firstReadDone.await(5, TimeUnit.SECONDS)).isTrue();
        stored.set(2);
        signals.committedElsewhere("other\nbob");
        signals.committedElsewhere("p\nalice");
        assertThat(answer).isNotDone();
        signals.committedElsewhere("p\nalice\nbob");

        assertThat(answer.get(5, TimeUnit.SECONDS)).contains(2L);
    }

    @Test
    void tooManyUsersForOneNotificationAreAnnouncedAsTheWholeProjection() {
        List<String> sent = new java.util.ArrayList<>();
        CommitSignals announcing = new CommitSignals((channel, payload) -> sent.add(payload));
        List<Row> rows = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> new Row("user-" + i, 1)).toList();

        announcing.announce("p", rows);

        assertThat(sent).containsExactly("p");
    }
}
