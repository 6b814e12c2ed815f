package dev.prefs.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The harness's own load generator: one thread per keep-alive connection on a plain socket, sending requests built
 * before the run ({@link Workload#prebuilt}) and reading each answer with no HTTP library. It runs closed loop (the
 * next request when the answer is in) where wrk is not installed, and at a fixed rate (open loop), which wrk cannot:
 * each connection has a schedule of intended start times, and a request's latency counts from its intended start,
 * so a stall delays and counts every request scheduled behind it (no coordinated omission).
 */
final class JavaGenerator {

    static final String NAME = "the harness's Java generator";

    private JavaGenerator() {
    }

    /** Closed loop: each connection sends its next request as soon as the answer to the last is in. */
    static HttpRun closed(Workload workload, int connections, double warmupSeconds, double seconds)
            throws InterruptedException {
        return run(workload, connections, 0, warmupSeconds, seconds);
    }

    /** Open loop at {@code rate} requests per second over all connections. */
    static HttpRun fixedRate(Workload workload, int connections, double rate, double warmupSeconds, double seconds)
            throws InterruptedException {
        return run(workload, connections, rate, warmupSeconds, seconds);
    }

    private static HttpRun run(Workload workload, int connections, double rate, double warmupSeconds, double seconds)
            throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        URI uri = workload.uri();
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long measureUntil = measureFrom + (long) (seconds * 1e9);
        long interval = rate > 0 ? (long) (connections * 1e9 / rate) : 0;
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        AtomicLong failures = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        Cpu.Reading before = Cpu.machine();
        long began = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            byte[][] requests = workload.prebuilt(connection, connections, 31L * connection + 7);
            latencies[c] = new long[1 << 14];
            Thread worker = new Thread(() -> {
                Connection socket = null;
                long n = 0;
                // Each connection's schedule is offset by a fraction of the interval so the connections interleave.
                long intended = start + interval * connection / connections;
                while (true) {
                    long now = System.nanoTime();
                    if (interval > 0) {
                        while (now < intended) {
                            LockSupport.parkNanos(intended - now);
                            now = System.nanoTime();
                        }
                    } else {
                        intended = now;
                    }
                    // An overloaded server may leave a schedule behind for good: ten seconds past the end, stop.
                    if (intended >= measureUntil || now > measureUntil + 10_000_000_000L) {
                        break;
                    }
                    boolean measured = intended >= measureFrom;
                    try {
                        if (socket == null) {
                            socket = new Connection(uri);
                        }
                        int status = socket.exchange(requests[(int) (n % requests.length)]);
                        if (status / 100 != 2) {
                            throw new IOException("answered " + status + ": " + socket.lastBody());
                        }
                        if (socket.closing()) {
                            socket.close();
                            socket = null;
                        }
                        long took = System.nanoTime() - intended;
                        if (measured) {
                            if (counts[connection] == latencies[connection].length) {
                                latencies[connection] = Arrays.copyOf(latencies[connection], counts[connection] * 2);
                            }
                            latencies[connection][counts[connection]++] = took;
                        }
                    } catch (IOException e) {
                        if (measured) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e.toString());
                        }
                        if (socket != null) {
                            socket.close();
                            socket = null;
                        }
                    }
                    n++;
                    intended += interval;
                }
                if (socket != null) {
                    socket.close();
                }
                cpuNanos.addAndGet(threads.getCurrentThreadCpuTime());
            }, "generator-" + c);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        Cpu.Reading after = Cpu.machine();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        Load.Result result = Load.summarise(all, failures.get(), seconds, firstFailure.get());
        return new HttpRun(NAME + (rate > 0 ? " (fixed rate)" : ""), result, Load.percentile(all, 0.999),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, cpuNanos.get() / 1e9,
                after.busySince(before), elapsed, Runtime.getRuntime().availableProcessors());
    }

    /** One keep-alive HTTP/1.1 connection: writes a request, reads the status, the headers and the body. */
    private static final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[65536];
        private int position;
        private int limit;
        private final byte[] line = new byte[8192];
        private byte[] body = new byte[8192];
        private int bodyLength;
        private boolean closing;

        Connection(URI uri) throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int length = readLine();
            // "HTTP/1.1 200 OK"
            if (length < 12) {
                throw new IOException("no status line");
            }
            int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
            long contentLength = -1;
            boolean chunked = false;
            boolean close = false;
            while ((length = readLine()) > 0) {
                String header = new String(line, 0, length, StandardCharsets.US_ASCII);
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                }
            }
            bodyLength = 0;
            if (chunked) {
                while (true) {
                    int size = Integer.parseInt(new String(line, 0, readLine(), StandardCharsets.US_ASCII).split(";")[0]
                            .trim(), 16);
                    if (size == 0) {
                        while (readLine() > 0) {
                            // trailers
                        }
                        break;
                    }
                    readBody(size);
                    readLine();
                }
            } else if (contentLength > 0) {
                readBody((int) contentLength);
            }
            // A server may end a keep-alive connection after so many requests (Tomcat: 100); the answer counts, and
            // the next request goes on a new connection, as wrk does.
            closing = close;
            return status;
        }

        /** Whether the server said it closes the connection after the last answer. */
        boolean closing() {
            return closing;
        }

        String lastBody() {
            return new String(body, 0, Math.min(bodyLength, 300), StandardCharsets.UTF_8);
        }

        private void readBody(int size) throws IOException {
            if (bodyLength + size > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + size));
            }
            int left = size;
            while (left > 0) {
                if (position == limit && !fill()) {
                    throw new EOFException("the answer's body ended early");
                }
                int take = Math.min(left, limit - position);
                System.arraycopy(buffer, position, body, bodyLength, take);
                position += take;
                bodyLength += take;
                left -= take;
            }
        }

        /** Reads one line without its CRLF into {@link #line}; its length. */
        private int readLine() throws IOException {
            int length = 0;
            while (true) {
                if (position == limit && !fill()) {
                    throw new EOFException("the connection closed");
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                }
                if (length < line.length) {
                    line[length++] = b;
                }
            }
        }

        private boolean fill() throws IOException {
            int read = in.read(buffer);
            if (read <= 0) {
                return false;
            }
            position = 0;
            limit = read;
            return true;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a connection that failed.
            }
        }
    }
}
