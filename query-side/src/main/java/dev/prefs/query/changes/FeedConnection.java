package dev.prefs.query.changes;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Server-Sent Events stream. Its cursor is the position up to which it has taken every item of its filter from
 * the feed: from the streams' shared {@link FeedTail} when the tail's window holds everything after the cursor,
 * else from the feed's table (a stream that connected with an old cursor, or fell behind). Items wait in a buffer
 * of at most {@code bufferItems} until the socket takes them (non-blocking writes: a write never waits). Items are
 * taken into the buffer whether or not the socket takes them; when the buffer is full and the socket has taken
 * nothing for {@code stall}, the consumer has stopped reading: the stream is closed, and the consumer resumes after
 * the last id it received, losing nothing. All state is guarded by the connection's monitor; the work runs on the
 * streams' pool and on the container's write-possible callback.
 */
final class FeedConnection implements WriteListener, AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 100;

    /** Bytes to write; {@code item} when it is a change (it counts against the buffer). */
    private record Frame(byte[] bytes, boolean item) {
    }

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final ChangeFeedReader reader;
    private final FeedTail tail;
    private final LongAdder tableReads;
    private final FeedFilter filter;
    private final int bufferItems;
    private final Executor executor;
    private final Consumer<FeedConnection> onClose;
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long cursor;
    private int pendingItems;
    private boolean closed;
    private final long stallNanos;
    private volatile long lastWriteNanos = System.nanoTime();
    private long lastProgressNanos = System.nanoTime();

    FeedConnection(AsyncContext async, ChangeFeedReader reader, FeedTail tail, LongAdder tableReads,
                   FeedFilter filter, long cursor, int bufferItems, Duration stall, Executor executor,
                   Consumer<FeedConnection> onClose) throws IOException {
        this.stallNanos = stall.toNanos();
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.reader = reader;
        this.tail = tail;
        this.tableReads = tableReads;
        this.filter = filter;
        this.cursor = cursor;
        this.bufferItems = bufferItems;
        this.executor = executor;
        this.onClose = onClose;
    }

    /** Sends the reconnection delay and a first comment (so the headers go out now), then what is new. */
    void start(Duration retry) {
        async.addListener(this);
        synchronized (this) {
            pending.add(new Frame(("retry: " + retry.toMillis() + "\n: connected\n\n")
                    .getBytes(StandardCharsets.UTF_8), false));
        }
        // From here on the container calls onWritePossible, which drains and then reads the feed.
        out.setWriteListener(this);
    }

    /** Something may be new: read it on the pool (at most one run queued per connection). */
    void wake() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    scheduled.set(false);
                    pump();
                });
            } catch (RejectedExecutionException stopped) {
                scheduled.set(false);
            }
        }
    }

    /** A comment if nothing went out for {@code idleNanos}; also a look at the feed, should a signal be missed. */
    void heartbeat(long idleNanos) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (System.nanoTime() - lastWriteNanos >= idleNanos && pending.isEmpty()) {
                pending.add(new Frame(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8), false));
            }
        }
        wake();
    }

    /** Shutdown: a last comment, then the end of the response. */
    synchronized void shutDown() {
        if (closed) {
            return;
        }
        pending.clear();
        pendingItems = 0;
        pending.add(new Frame(": server shutting down, reconnect with Last-Event-ID\n\n"
                .getBytes(StandardCharsets.UTF_8), false));
        try {
            drain();
        } catch (IOException e) {
            log.debug("Closing a change stream: {}", e.toString());
        }
        close();
    }

    private synchronized void pump() {
        if (closed) {
            return;
        }
        try {
            drain();
            boolean more = true;
            while (more && pendingItems < bufferItems) {
                int asked = Math.min(PAGE, bufferItems - pendingItems);
                FeedTail.Slice slice = tail.after(filter, cursor, asked);
                boolean fromTable = slice == null;
                if (fromTable) {
                    tableReads.increment();
                    ChangeFeedReader.Page page = reader.page(reader.tables(), filter, cursor, asked,
                            "Last-Event-ID");
                    slice = new FeedTail.Slice(page.items(), page.through());
                }
                for (StoredItem item : slice.items()) {
                    pending.add(new Frame(frame(item), true));
                    pendingItems++;
                }
                cursor = Math.max(cursor, slice.through());
                // A read of the table that reached its end may have reached the window too.
                more = slice.items().size() == asked || fromTable && tail.covers(cursor);
                drain();
            }
            if (pendingItems >= bufferItems && !out.isReady()
                && System.nanoTime() - lastProgressNanos > stallNanos) {
                log.info("A change stream's consumer stopped reading ({} changes waiting in its full buffer): closed;"
                         + " it resumes after its last id", pendingItems);
                close();
            }
        } catch (IOException e) {
            log.debug("A change stream's consumer went away: {}", e.toString());
            close();
        } catch (RuntimeException e) {
            // An aged-out cursor (410) or an unreadable feed: end the stream; the reconnect gets the answer.
            log.info("Closing a change stream: {}", e.toString());
            close();
        }
    }

    /** Writes what the socket takes now; true when everything went out. */
    private boolean drain() throws IOException {
        boolean wrote = false;
        while (!pending.isEmpty()) {
            if (!out.isReady()) {
                break;
            }
            Frame frame = pending.poll();
            out.write(frame.bytes());
            wrote = true;
            if (frame.item()) {
                pendingItems--;
            }
        }
        if (wrote) {
            lastProgressNanos = System.nanoTime();
            lastWriteNanos = lastProgressNanos;
            if (out.isReady()) {
                out.flush();
            }
        }
        return pending.isEmpty() && out.isReady();
    }

    private static byte[] frame(StoredItem item) {
        FeedItem json = FeedItem.of(item);
        return ("id: " + json.cursor() + "\nevent: change\ndata: " + JSON.writeValueAsString(json) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        onClose.accept(this);
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            log.debug("A change stream was complete already");
        }
    }

    @Override
    public void onWritePossible() {
        wake();
    }

    @Override
    public void onError(Throwable failure) {
        log.debug("A change stream failed: {}", failure.toString());
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
