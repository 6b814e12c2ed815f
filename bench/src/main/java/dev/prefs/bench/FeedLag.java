package dev.prefs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The change feed's delivery: {@code consumers} Server-Sent-Event streams of {@code GET /api/changes} (admin token,
 * resuming after the feed's newest item) on one NIO thread of the harness, while one writer PATCHes distinct users at
 * a steady rate. For each write the harness keeps the moment its 2xx arrived, and for each consumer the moment the
 * item of that user and version arrived; the lag is the difference, over every (consumer, write) pair. Every consumer
 * must get every write exactly once.
 */
final class FeedLag {

    /** What one run gave: the lag over every (consumer, write) pair that arrived, and the pairs that did not. */
    record Result(int consumers, int writes, long pairs, long missing, long duplicates, double p50Millis,
                  double p99Millis, double maxMillis, long failedWrites) {
    }

    /** The PATCH body: a language no other workload sets, so that each PATCH of a fresh user is a real change. */
    static final String PATCH = "{\"language\":\"fr-CA\"}";

    private final String token;

    FeedLag(String token) {
        this.token = token;
    }

    /**
     * The cursor of the feed's newest item: {@code marker} (a user no workload has PATCHed) is PATCHed, and its own changes are paged until the item
     * of that version shows; their last cursor is after every earlier item of the feed.
     */
    String head(Api commands, Api queries, String marker) throws Exception {
        long version = commands.patch(marker, PATCH);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String after = null;
            String last = null;
            long lastVersion = -1;
            while (true) {
                JsonNode page = queries.json("/api/users/" + marker + "/preferences/changes?limit=1000"
                                             + (after != null ? "&after=" + after : ""));
                JsonNode items = page.get("items");
                for (JsonNode item : items) {
                    last = item.get("cursor").asText();
                    lastVersion = item.get("version").asLong();
                }
                if (items.isEmpty()) {
                    break;
                }
                after = page.get("next").asText();
            }
            if (lastVersion >= version) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new IllegalStateException("the feed did not show " + marker + " version " + version + " in 30 s");
    }

    /** Opens {@code count} streams after {@code cursor} and waits until each has said {@code : connected}. */
    Consumers connect(String feedBase, String cursor, int count) throws IOException {
        Consumers consumers = new Consumers(URI.create(feedBase), token, cursor, count);
        consumers.awaitConnected(Duration.ofSeconds(30));
        return consumers;
    }

    /**
     * {@code seconds} of PATCHes at {@code perSecond} to the users {@code firstUser}, {@code firstUser - 1}, ...
     * (each once), with {@code consumers} recording; then waits up to 10 s for every consumer to have every write.
     */
    Result measure(Api commands, Consumers consumers, int firstUser, double perSecond, double seconds)
            throws Exception {
        int writes = (int) Math.round(perSecond * seconds);
        String[] keys = new String[writes];
        long[] acknowledged = new long[writes];
        long failed = 0;
        consumers.recording(true);
        long period = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            long due = start + i * period;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            String user = EventLoader.userId(firstUser - i);
            try {
                long version = commands.patch(user, PATCH);
                acknowledged[i] = System.nanoTime();
                keys[i] = user + "#" + version;
            } catch (IOException | IllegalStateException e) {
                failed++;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && !consumers.haveAll(keys)) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        consumers.recording(false);
        return consumers.lags(keys, acknowledged, failed);
    }

    /** Many SSE streams on one selector thread; each parses its chunked body into lines, and its data lines. */
    static final class Consumers implements AutoCloseable {

        private final List<Stream> streams = new ArrayList<>();
        private final Selector selector;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile boolean recording;
        private volatile String failure;

        Consumers(URI base, String token, String cursor, int count) throws IOException {
            selector = Selector.open();
            byte[] request = ("GET /api/changes HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                              + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n"
                              + "Last-Event-ID: " + cursor + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()));
                channel.socket().setTcpNoDelay(true);
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.configureBlocking(false);
                Stream stream = new Stream(channel);
                streams.add(stream);
                channel.register(selector, SelectionKey.OP_READ, stream);
            }
            thread = new Thread(this::loop, "feed-consumers");
            thread.setDaemon(true);
            thread.start();
        }

        int size() {
            return streams.size();
        }

        private void loop() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
            byte[] bytes = new byte[1 << 16];
            try {
                while (running) {
                    selector.select(100);
                    long now = System.nanoTime();
                    for (SelectionKey key : selector.selectedKeys()) {
                        Stream stream = (Stream) key.attachment();
                        buffer.clear();
                        int read = stream.channel.read(buffer);
                        if (read < 0) {
                            key.cancel();
                            stream.closed = true;
                            continue;
                        }
                        buffer.flip();
                        buffer.get(bytes, 0, read);
                        stream.accept(bytes, read, now, recording);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                failure = e.toString();
            }
        }

        void recording(boolean on) {
            recording = on;
        }

        void awaitConnected(Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            while (streams.stream().anyMatch(s -> !s.connected)) {
                if (failure != null || System.nanoTime() > deadline
                    || streams.stream().anyMatch(s -> s.closed || s.refused != null)) {
                    throw new IllegalStateException("the feed's streams did not all connect: " + describe());
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }

        boolean haveAll(String[] keys) {
            for (Stream stream : streams) {
                synchronized (stream) {
                    for (String key : keys) {
                        if (key != null && !stream.arrivals.containsKey(key)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        /** The lags of every (consumer, write) pair, and what was missed or repeated. */
        Result lags(String[] keys, long[] acknowledged, long failedWrites) {
            long[] lags = new long[streams.size() * keys.length];
            int at = 0;
            long missing = 0;
            long duplicates = 0;
            for (Stream stream : streams) {
                synchronized (stream) {
                    for (int i = 0; i < keys.length; i++) {
                        if (keys[i] == null) {
                            continue;
                        }
                        long[] arrival = stream.arrivals.get(keys[i]);
                        if (arrival == null) {
                            missing++;
                        } else {
                            lags[at++] = arrival[0] - acknowledged[i];
                            duplicates += arrival[1] - 1;
                        }
                    }
                    stream.arrivals.clear();
                }
            }
            long[] measured = java.util.Arrays.copyOf(lags, at);
            Load.Result summary = Load.summarise(measured, 0, 1, null);
            long max = java.util.Arrays.stream(measured).max().orElse(0);
            int writes = (int) java.util.Arrays.stream(keys).filter(k -> k != null).count();
            return new Result(streams.size(), writes, at, missing, duplicates, summary.p50Millis(),
                    summary.p99Millis(), max / 1e6, failedWrites);
        }

        /** Items every stream received so far (all of them, recorded or not). */
        long items() {
            return streams.stream().mapToLong(s -> s.items).sum();
        }

        String describe() {
            long connected = streams.stream().filter(s -> s.connected).count();
            long closed = streams.stream().filter(s -> s.closed).count();
            String refused = streams.stream().map(s -> s.refused).filter(r -> r != null).findFirst().orElse(null);
            return connected + " of " + streams.size() + " connected, " + closed + " closed by the service"
                   + (refused != null ? ", refused: " + refused : "") + (failure != null ? ", " + failure : "");
        }

        /** Streams the service closed (a consumer that kept up must never be closed). */
        long closed() {
            return streams.stream().filter(s -> s.closed).count();
        }

        @Override
        public void close() throws Exception {
            running = false;
            selector.wakeup();
            thread.join(5_000);
            for (Stream stream : streams) {
                stream.channel.close();
            }
            selector.close();
        }
    }

    /** One consumer: HTTP head, then chunks, then SSE lines; arrivals by {@code userId#version}. */
    private static final class Stream {

        private static final byte[] USER = "\"userId\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] VERSION = "\"version\":".getBytes(StandardCharsets.US_ASCII);

        final SocketChannel channel;
        /** First arrival (nanoTime) and count of each item, while recording. */
        final Map<String, long[]> arrivals = new HashMap<>();
        volatile boolean connected;
        volatile boolean closed;
        volatile String refused;
        long items;
        private boolean inHead = true;
        private boolean chunked;
        /** In a chunked body: bytes left of the current chunk, or -1 while reading a size line. */
        private long chunkLeft = -1;
        private int skipCrlf;
        private byte[] line = new byte[1024];
        private int lineLength;
        private byte[] sizeLine = new byte[32];
        private int sizeLength;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }

        void accept(byte[] bytes, int length, long now, boolean recording) {
            int i = 0;
            while (i < length) {
                if (inHead) {
                    byte b = bytes[i++];
                    if (b == '\n') {
                        String header = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1).trim();
                        lineLength = 0;
                        if (header.startsWith("HTTP/")) {
                            if (!header.startsWith("HTTP/1.1 200")) {
                                refused = header;
                            }
                        } else if (header.isEmpty()) {
                            inHead = false;
                        } else if (header.toLowerCase().startsWith("transfer-encoding:")
                                   && header.toLowerCase().contains("chunked")) {
                            chunked = true;
                        }
                    } else {
                        append(b);
                    }
                } else if (!chunked) {
                    body(bytes[i++], now, recording);
                } else if (skipCrlf > 0) {
                    skipCrlf--;
                    i++;
                } else if (chunkLeft < 0) {
                    byte b = bytes[i++];
                    if (b == '\n') {
                        String size = new String(sizeLine, 0, sizeLength, StandardCharsets.US_ASCII).trim();
                        int semicolon = size.indexOf(';');
                        chunkLeft = Long.parseLong(semicolon >= 0 ? size.substring(0, semicolon) : size, 16);
                        sizeLength = 0;
                    } else if (sizeLength < sizeLine.length) {
                        sizeLine[sizeLength++] = b;
                    }
                } else {
                    int n = (int) Math.min(chunkLeft, length - i);
                    for (int k = 0; k < n; k++) {
                        body(bytes[i + k], now, recording);
                    }
                    i += n;
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        chunkLeft = -1;
                        skipCrlf = 2;
                    }
                }
            }
        }

        private void body(byte b, long now, boolean recording) {
            if (b != '\n') {
                append(b);
                return;
            }
            if (lineLength > 5 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a'
                && line[4] == ':') {
                items++;
                if (recording) {
                    record(now);
                }
            } else if (!connected && lineLength >= 11 && line[0] == ':'
                       && new String(line, 0, lineLength, StandardCharsets.US_ASCII).trim().equals(": connected")) {
                connected = true;
            }
            lineLength = 0;
        }

        private void record(long now) {
            int user = indexOf(USER, 0);
            int version = indexOf(VERSION, 0);
            if (user < 0 || version < 0) {
                return;
            }
            int userStart = user + USER.length;
            int userEnd = userStart;
            while (userEnd < lineLength && line[userEnd] != '"') {
                userEnd++;
            }
            int versionEnd = version + VERSION.length;
            long value = 0;
            while (versionEnd < lineLength && line[versionEnd] >= '0' && line[versionEnd] <= '9') {
                value = value * 10 + (line[versionEnd++] - '0');
            }
            String key = new String(line, userStart, userEnd - userStart, StandardCharsets.US_ASCII) + "#" + value;
            synchronized (this) {
                long[] arrival = arrivals.get(key);
                if (arrival == null) {
                    arrivals.put(key, new long[] {now, 1});
                } else {
                    arrival[1]++;
                }
            }
        }

        private int indexOf(byte[] needle, int from) {
            outer:
            for (int i = from; i <= lineLength - needle.length; i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (line[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private void append(byte b) {
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
        }
    }
}
