package dev.prefs.query.changes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest items of the feed, read once for every live stream of this process. When woken (a commit, a
 * heartbeat) one run at a time reads, without a filter, the items after the newest position it has read, and
 * appends them to a window that holds every item of the positions {@code (start, head]}; streams whose cursor is
 * in that range take their items from it, each applying its own filter, instead of reading the table. A stream
 * behind the window reads the table until it reaches it.
 * <p>
 * The window holds little and not for long: at most {@code capacity} items, and only those read in the last
 * {@code maxAge} (about a commit's worth; older ones are dropped, and {@code start} moves past them). So items
 * deleted from the feed's tables (retention, or the erasure of a user's personal data) leave the window within
 * {@code maxAge} of their deletion, as they leave the buffers of the streams that took them already.
 * <p>
 * No gap, no repeat: only the run appends, always exactly the items after {@code head} up to the position its read
 * reached, and a stream takes only items after its own cursor, from the window when {@code start <= cursor}, else
 * from the table; both reads return items in position order and say the position they reached. Commits of the
 * feed are in position order (one writer, in order), so every read sees a prefix of the positions.
 */
final class FeedTail {

    private static final Logger log = LoggerFactory.getLogger(FeedTail.class);
    private static final int PAGE = 1_000;

    /** What a stream took from the window: its items in order, and the position its cursor may move to. */
    record Slice(List<StoredItem> items, long through) {
    }

    private record Entry(StoredItem item, long readNanos) {
    }

    private final ChangeFeedReader reader;
    private final int capacity;
    private final int pageItems;
    private final long maxAgeNanos;
    private final ScheduledExecutorService executor;
    private final Runnable onNews;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final LongAdder reads = new LongAdder();

    // Guarded by this. The window is entries[first, entries.size()), in position order.
    private FeedTables tables;
    private long start;
    private long head;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private int first;

    /** {@code onNews} runs after each read that appended items (to wake the streams); it must return at once. */
    FeedTail(ChangeFeedReader reader, int capacity, Duration maxAge, ScheduledExecutorService executor,
             Runnable onNews) {
        this.reader = reader;
        this.capacity = capacity;
        // A read takes a fraction of the window, so it does not push out what the streams have yet to take.
        this.pageItems = Math.max(1, Math.min(PAGE, capacity / 4));
        this.maxAgeNanos = maxAge.toNanos();
        this.executor = executor;
        this.onNews = onNews;
    }

    /** Something may be new: read it on the pool (one run at a time; a wake-up during a run makes one more). */
    void wake() {
        again.set(true);
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException stopped) {
                scheduled.set(false);
            }
        }
    }

    /**
     * Up to {@code limit} items after {@code cursor} that {@code filter} selects, from the window; null when the
     * window does not hold every item after {@code cursor} (the stream reads the table).
     */
    synchronized Slice after(FeedFilter filter, long cursor, int limit) {
        if (!covers(cursor)) {
            return null;
        }
        List<StoredItem> items = new ArrayList<>();
        for (int i = firstAfter(cursor); i < entries.size(); i++) {
            StoredItem item = entries.get(i).item();
            if (filter.selects(item)) {
                items.add(item);
                if (items.size() == limit) {
                    return new Slice(items, item.position());
                }
            }
        }
        return new Slice(items, Math.max(cursor, head));
    }

    /** Whether the window holds every item after {@code cursor}. */
    synchronized boolean covers(long cursor) {
        return tables != null && cursor >= start;
    }

    /** The index of the first entry after {@code position}. */
    private int firstAfter(long position) {
        int low = first;
        int high = entries.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (entries.get(middle).item().position() <= position) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private void run() {
        boolean more = false;
        try {
            again.set(false);
            more = read();
        } catch (RuntimeException e) {
            // Unreadable for now (a rebuild switching, the database away): streams read the table meanwhile.
            log.debug("The change feed's tail is reset: {}", e.toString());
            reset(null, 0);
        } finally {
            scheduled.set(false);
        }
        // More than a page waiting, or a wake-up while reading: once more, after the streams' queued work.
        if (more || again.get()) {
            wake();
        }
    }

    /** Reads and appends what is new; true if a full page came (there may be more). */
    private boolean read() {
        FeedTables live = reader.tables();
        long from;
        synchronized (this) {
            if (!live.equals(tables)) {
                from = -1;
            } else {
                from = head;
            }
        }
        if (from < 0) {
            // The first read, or another build became live: the window starts where that build stands.
            reset(live, reader.state(live).lastPosition());
            onNews.run();
            return false;
        }
        ChangeFeedReader.Page page;
        reads.increment();
        try {
            page = reader.page(live, FeedFilter.ALL, from, pageItems, "cursor");
        } catch (CursorExpiredException purgedPastUs) {
            // Nothing was read for a retention's time: start after the purge; streams behind it get their 410.
            reset(live, reader.state(live).purgedThrough());
            onNews.run();
            return false;
        }
        long now = System.nanoTime();
        synchronized (this) {
            for (StoredItem item : page.items()) {
                entries.add(new Entry(item, now));
            }
            head = page.through();
            expire(now);
        }
        if (!page.items().isEmpty()) {
            try {
                executor.schedule(this::expireNow, maxAgeNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                log.debug("The change streams are stopping");
            }
            onNews.run();
        }
        return page.items().size() == pageItems;
    }

    private synchronized void reset(FeedTables live, long position) {
        tables = live;
        start = position;
        head = position;
        entries.clear();
        first = 0;
    }

    /** Drops what was read more than {@code maxAge} ago. */
    private void expireNow() {
        expire(System.nanoTime());
    }

    private synchronized void expire(long now) {
        while (first < entries.size() && (entries.size() - first > capacity
                                          || now - entries.get(first).readNanos() >= maxAgeNanos)) {
            start = entries.get(first).item().position();
            entries.set(first, null);
            first++;
        }
        if (first == entries.size()) {
            entries.clear();
            first = 0;
        } else if (first > entries.size() / 2) {
            entries.subList(0, first).clear();
            first = 0;
        }
    }

    /** How many reads of the table the tail made. */
    long reads() {
        return reads.sum();
    }
}
