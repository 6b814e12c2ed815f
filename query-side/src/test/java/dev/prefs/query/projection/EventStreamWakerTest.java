package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

class EventStreamWakerTest {

    private final EventStreamWaker waker = new EventStreamWaker();
    private final EmptyStream delegate = new EmptyStream();
    private final BlockingStream<TrackedEventMessage<?>> stream = waker.wrap(new OneStreamSource(delegate))
            .openStream(null);

    @Test
    void aNotifiedAppendCallsTheProcessorsCallback() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(stream.setOnAvailableCallback(calls::incrementAndGet)).isTrue();

        waker.eventsAppended();
        waker.eventsAppended();

        assertThat(calls).hasValue(2);
    }

    @Test
    void theLookAfterAWakeUpDoesNotWait() {
        stream.setOnAvailableCallback(() -> {
        });
        waker.eventsAppended();

        // The coordinator looks several times per run; a wait in any of them holds it (and the events behind it).
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(stream.hasNextAvailable()).isFalse();

        assertThat(delegate.timedWaits).isEmpty();
        assertThat(delegate.looks).hasValue(2);
    }

    @Test
    void aClosedStreamIsWokenNoMore() {
        AtomicInteger calls = new AtomicInteger();
        stream.setOnAvailableCallback(calls::incrementAndGet);

        stream.close();
        waker.eventsAppended();

        assertThat(calls).hasValue(0);
        assertThat(delegate.closed).isTrue();
    }

    /** A stream with nothing in it that records how it is asked. */
    private static final class EmptyStream implements BlockingStream<TrackedEventMessage<?>> {

        final AtomicInteger looks = new AtomicInteger();
        final List<Long> timedWaits = new ArrayList<>();
        boolean closed;

        @Override
        public boolean hasNextAvailable() {
            looks.incrementAndGet();
            return false;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            timedWaits.add(unit.toMillis(timeout));
            return false;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.empty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            throw new IllegalStateException("nothing in this stream");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private record OneStreamSource(BlockingStream<TrackedEventMessage<?>> stream)
            implements StreamableMessageSource<TrackedEventMessage<?>> {

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            return stream;
        }

        @Override
        public TrackingToken createTailToken() {
            return null;
        }

        @Override
        public TrackingToken createHeadToken() {
            return null;
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return null;
        }

        @Override
        public TrackingToken createTokenSince(Duration duration) {
            return null;
        }
    }
}
