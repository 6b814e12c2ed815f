package dev.prefs.query.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
final class EventStreamWaker {

    /** Far longer than the event store needs to fetch notified events, far shorter than Axon's 500 ms poll. */
    private static final int FETCH_WAIT_MILLIS = 200;

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
        private final AtomicBoolean woken = new AtomicBoolean();
        private volatile Runnable callback = () -> {
        };

        WakingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        void wake() {
            woken.set(true);
            callback.run();
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        /**
         * After a wake-up, look with a short wait until a look finds nothing more, rather than answer "none" at the
         * first empty look (the processor would then not look again before its claim interval).
         */
        @Override
        public boolean hasNextAvailable() {
            if (!woken.get()) {
                return delegate.hasNextAvailable();
            }
            try {
                boolean available = delegate.hasNextAvailable(FETCH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (!available) {
                    woken.set(false);
                }
                return available;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
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
