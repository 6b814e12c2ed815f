package dev.prefs.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The build's training run for class-data sharing ({@code prefs.class-data-training=true}, set by the standalone
 * module's build only): once the service is up it asks for its own health, as the first client would, and then shuts
 * down the ordinary way (the context closes, the embedded PostgreSQL stops), so that the JVM's
 * {@code -XX:ArchiveClassesAtExit} archive holds every class a start-up to a healthy service loads. Starting from that
 * archive ({@code -XX:SharedArchiveFile}, the README's run command) skips loading and verifying those classes again.
 */
@Component
@ConditionalOnBooleanProperty("prefs.class-data-training")
class ClassDataTraining implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ClassDataTraining.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        // On a thread of its own: the exit closes the context, which the thread publishing this event must not wait on.
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> askHealth(context))),
                "class-data-training");
        exit.start();
    }

    /** 0 when the service answered its health check with 200; 1 otherwise, which fails the build. */
    private static int askHealth(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            log.info("Class-data training run: health answered {} {}; shutting down", health.statusCode(),
                    health.body());
            return health.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            log.error("Class-data training run: the health check failed", e);
            return 1;
        }
    }
}
