package dev.prefs.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One of the service's runnable jars, started as its own JVM exactly as a user starts it ({@code java -jar}), on a
 * free port, with its output in a log file. The benchmark talks to it over HTTP only.
 */
final class Service implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos;

    private Service(String name, Process process, int port, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code jar}. {@code env} is added to a copy of this process's environment with any datasource settings
     * removed, so an embedded start is really embedded. {@code jvmOptions} go before {@code -jar}.
     */
    static Service start(String name, Path jar, Path logFolder, Map<String, String> env, List<String> jvmOptions)
            throws IOException {
        return start(name, jar, logFolder, env, jvmOptions, List.of());
    }

    /** The standalone's jar as the build extracts it, beside the class-data archive its training run wrote. */
    private static final String STANDALONE_JAR = "standalone/target/prefs-standalone/prefs-standalone.jar";
    private static final String STANDALONE_CLASS_DATA = "standalone/target/prefs-standalone/prefs.jsa";

    /**
     * Starts the standalone of {@code repository} as the README's run command does: the extracted jar, from its
     * class-data archive ({@code -XX:SharedArchiveFile}, before {@code jvmOptions}). A JVM that cannot use the archive
     * (another Java than the build's) would start without it after a warning; that is refused here, so that no
     * figure is taken from a start the README's command would not make.
     */
    static Service standalone(String name, Path repository, Path logFolder, Map<String, String> env,
                              List<String> jvmOptions, List<String> arguments) throws IOException {
        Path root = repository.toAbsolutePath().normalize();
        Path archive = root.resolve(STANDALONE_CLASS_DATA);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(archive + " is missing: build first with ./mvnw -B -ntp -DskipTests package"
                                            + " (without -Dprefs.class-data.skip)");
        }
        List<String> options = new ArrayList<>();
        options.add("-XX:SharedArchiveFile=" + archive);
        // Without this the JVM would carry on without the archive; with it, it stops at once and says why.
        options.add("-Xshare:on");
        options.addAll(jvmOptions);
        return start(name, root.resolve(STANDALONE_JAR), logFolder, env, options, arguments);
    }

    /** As above, with {@code arguments} after the port (Spring properties such as {@code --a.b=c}). */
    static Service start(String name, Path jar, Path logFolder, Map<String, String> env, List<String> jvmOptions,
                         List<String> arguments) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -B -ntp -DskipTests package");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(arguments);
        Path log = logFolder.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SPRING_DATASOURCE"));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new Service(name, builder.start(), port, log, started);
    }

    /** Waits until {@code /actuator/health} answers UP; returns the seconds since the process was started. */
    double awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
    }

    /** Fails when the JVM has exited, so that a harness waiting on it does not wait for a dead process. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** The JVM's process id (as the segment claims' owner starts: {@code pid@host}). */
    long pid() {
        return process.pid();
    }

    /** The CPU seconds the JVM has used so far ({@link Cpu#process}). */
    double cpuSeconds() {
        return Cpu.process(process.pid());
    }

    /** Kills the JVM with SIGKILL ({@code kill -9}): no shutdown hook runs, no claim is released. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String base() {
        return "http://localhost:" + port;
    }

    Path log() {
        return log;
    }

    /** Stops the JVM as an operator would (SIGTERM: a clean shutdown), and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
