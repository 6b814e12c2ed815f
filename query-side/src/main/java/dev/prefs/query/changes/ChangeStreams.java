package dev.prefs.query.changes;

import dev.prefs.query.projection.CommitSignals;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The open Server-Sent Events connections of this process. Each is written with non-blocking servlet I/O from a
 * small shared pool. When the changefeed projection announces a commit (from any process, through
 * {@link CommitSignals}) and on every heartbeat, the shared {@link FeedTail} reads what is new once, for all of
 * them, into a short-lived window (about a commit's worth: it never keeps items for long, so items deleted from the
 * feed's tables, by retention or by the erasure of a user, are soon gone from it too), then wakes the connections:
 * a connection that is caught up takes its items from the window with its own filter, one that is behind reads the
 * table after its own cursor until it reaches the window. So live fan-out costs one read per commit, not one per
 * connection. A connection holds no more than its bounded buffer, and a consumer that stops reading is closed once
 * that buffer is full (it resumes from its last id). Writers never wait for a consumer.
 */
@Component
final class ChangeStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreams.class);

    private final ChangeFeedReader reader;
    private final CommitSignals signals;
    private final Duration heartbeat;
    private final int bufferItems;
    private final Duration retry;
    private final Duration stall;
    private final Set<FeedConnection> connections = ConcurrentHashMap.newKeySet();
    private final LongAdder tableReads = new LongAdder();
    private final int windowItems;
    private final Duration windowAge;
    private volatile ScheduledExecutorService pool;
    private volatile FeedTail tail;
    private AutoCloseable following;

    ChangeStreams(ChangeFeedReader reader, CommitSignals signals,
                  @Value("${prefs.query.changes.heartbeat:15s}") Duration heartbeat,
                  @Value("${prefs.query.changes.buffer-items:1000}") int bufferItems,
                  @Value("${prefs.query.changes.stall-timeout:10s}") Duration stall,
                  @Value("${prefs.query.changes.retry:2s}") Duration retry,
                  @Value("${prefs.query.changes.window-items:10000}") int windowItems,
                  @Value("${prefs.query.changes.window-age:1s}") Duration windowAge) {
        this.stall = stall;
        this.reader = reader;
        this.signals = signals;
        this.heartbeat = heartbeat;
        this.bufferItems = bufferItems;
        this.retry = retry;
        this.windowItems = windowItems;
        this.windowAge = windowAge;
    }

    /** Starts a stream of the items {@code filter} selects after {@code position}, on {@code request}. */
    void open(HttpServletRequest request, HttpServletResponse response, FeedFilter filter, long position) {
        ScheduledExecutorService current = pool;
        FeedTail shared = tail;
        if (current == null || shared == null) {
            throw new IllegalStateException("The change streams are stopped");
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(0);
        try {
            FeedConnection connection = new FeedConnection(async, reader, shared, tableReads, filter, position,
                    bufferItems, stall, current, connections::remove);
            connections.add(connection);
            connection.start(retry);
        } catch (IOException e) {
            log.debug("A change stream failed to start: {}", e.toString());
            async.complete();
        }
    }

    int open() {
        return connections.size();
    }

    /** Reads of the feed's table since start: by the shared tail, and by connections behind its window. */
    record Reads(long tail, long connections) {
    }

    Reads reads() {
        FeedTail shared = tail;
        return new Reads(shared == null ? 0 : shared.reads(), tableReads.sum());
    }

    private void wakeAll() {
        connections.forEach(FeedConnection::wake);
    }

    private void beat() {
        FeedTail shared = tail;
        if (shared != null) {
            shared.wake();
        }
        long idleNanos = heartbeat.toNanos() / 2;
        connections.forEach(connection -> connection.heartbeat(idleNanos));
    }

    @Override
    public synchronized void start() {
        AtomicInteger counter = new AtomicInteger();
        pool = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "change-streams-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        tail = new FeedTail(reader, windowItems, windowAge, pool, this::wakeAll);
        following = signals.follow(ChangeFeedV1.NAME, tail::wake);
        tail.wake();
        // Every half period, a comment to each connection idle for half a period: never more than one apart.
        long period = Math.max(1, heartbeat.toMillis() / 2);
        pool.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Closes every stream (a comment says why; the consumers reconnect elsewhere with their last id). */
    @Override
    public synchronized void stop() {
        if (pool == null) {
            return;
        }
        try {
            following.close();
        } catch (Exception e) {
            log.debug("Could not stop following the change feed: {}", e.toString());
        }
        connections.forEach(FeedConnection::shutDown);
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        pool = null;
        tail = null;
    }

    @Override
    public boolean isRunning() {
        return pool != null;
    }

    /** Stops before the web server's graceful shutdown, which would otherwise wait for the streams to end. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
