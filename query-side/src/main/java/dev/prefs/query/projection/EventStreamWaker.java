package dev.prefs.query.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * Lets the projections' pooled processors react to new events at once. Axon's pooled processor waits for an
 * event stream's "available" callback, and without one (the embedded event store has none) it looks again only
 * every 500 ms: that delay would be in every read-your-writes read. The streams handed out here have the callback;
 * {@link #eventsAppended()} (called on the event table's NOTIFY, which reports commits of every process, this one
 * included) invokes it, and the processor's next look queries the event table at once.
 * <p>
 * The streams never wait. Each processor reads the event table through its own stream (no shared read-ahead), and
 * the NOTIFY comes after the commit, so the look the callback triggers finds the events. A wait inside a look would
 * hold the processor's coordinator: the embedded store's private streams wait on a signal that only its shared
 * producer gives, so every wait ran its full length, and events committed meanwhile waited for it (a 200 ms wait
 * put about 100 ms into every change-feed item at 50 writes per second). No wake-up is lost: the coordinator opens
 * its gate before its last look, so a callback during a run either starts the next run or precedes that look.
 */
final class EventStreamWaker {

    private final Set<WakingStream> streams = ConcurrentHashMap.newKeySet();

    void eventsAppended() {
        streams.forEach(WakingStream::wake);
    }

    /** {@code source} with waking streams. */
    StreamableMessageSource<TrackedEventMessage<?>> wrap(StreamableMessageSource<TrackedEventMessage<?>> source) {
        return new StreamableMessageSource<>() {
            @Override
            public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
                WakingStream stream = new WakingStream(source.openStream(token));
                streams.add(stream);
                return stream;
            }

            @Override
            public TrackingToken createTailToken() {
                return source.createTailToken();
            }

            @Override
            public TrackingToken createHeadToken() {
                return source.createHeadToken();
            }

            @Override
            public TrackingToken createTokenAt(Instant dateTime) {
                return source.createTokenAt(dateTime);
            }

            @Override
            public TrackingToken createTokenSince(Duration duration) {
                return source.createTokenSince(duration);
            }
        };
    }

    private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback = () -> {
        };

        WakingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        void wake() {
            callback.run();
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        @Override
        public boolean hasNextAvailable() {
            return delegate.hasNextAvailable();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            streams.remove(this);
            delegate.close();
        }
    }
}
