package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starting one of the applications as a real process of its own, on the test's class path, with its output in a
 * log file under {@code target}: for tests that kill a process with SIGKILL or run several side by side.
 */
final class JavaProcesses {

    private JavaProcesses() {
    }

    /**
     * Starts {@code main} with {@code arguments}, the environment of this JVM plus {@code environment}, and stdout
     * and stderr in {@code target/<logName>.log}.
     */
    static Process start(Class<?> main, String logName, Map<String, String> environment, List<String> jvmOptions,
                         String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(logName).toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    static Path log(String logName) {
        return Path.of("target", logName + ".log");
    }

    /** Waits until {@code process} answers 200 on {@code /actuator/health}, failing at once if it died. */
    static void awaitUp(Process process, Http http, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    assertThat(process.isAlive()).as("the server process is running").isTrue();
                    return http.get("/actuator/health").statusCode() == 200;
                });
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
