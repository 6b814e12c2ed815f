package dev.prefs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code clients} threads, each doing one operation after another for a warm-up and then a
 * measured period; the latency of every measured operation is kept. Operations that fail are counted, not timed.
 */
final class Load {

    /** One client's operation; {@code client} is the thread's number, {@code n} counts its operations. */
    @FunctionalInterface
    interface Operation {
        void run(int client, long n) throws Exception;
    }

    /** What one measured period gave. */
    record Result(long operations, long failures, double seconds, double rate, double p50Millis, double p99Millis,
                  String firstFailure) {
    }

    private Load() {
    }

    static Result run(int clients, double warmupSeconds, double seconds, Operation operation)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong failures = new AtomicLong();
        List<String> firstFailure = new ArrayList<>();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[client] = new long[1 << 16];
            Thread thread = new Thread(() -> {
                long n = 0;
                while (!stop.get()) {
                    boolean measured = measuring.get();
                    long start = System.nanoTime();
                    try {
                        operation.run(client, n++);
                    } catch (Exception e) {
                        if (measured) {
                            failures.incrementAndGet();
                            synchronized (firstFailure) {
                                if (firstFailure.isEmpty()) {
                                    firstFailure.add(e.toString());
                                }
                            }
                        }
                        continue;
                    }
                    long took = System.nanoTime() - start;
                    if (measured && measuring.get()) {
                        if (counts[client] == latencies[client].length) {
                            latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                        }
                        latencies[client][counts[client]++] = took;
                    }
                }
            }, "load-" + client);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        long started = System.nanoTime();
        measuring.set(true);
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        return summarise(all, failures.get(), elapsed, firstFailure.isEmpty() ? null : firstFailure.get(0));
    }

    static Result summarise(long[] latencyNanos, long failures, double seconds, String firstFailure) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new Result(sorted.length, failures, seconds, sorted.length / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99), firstFailure);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
