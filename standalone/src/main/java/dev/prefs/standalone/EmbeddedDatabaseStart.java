package dev.prefs.standalone;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the environment is known, so that its start
 * (initdb on a new data folder, then the server: about 1.2 s here) runs beside the building of the application
 * context (about 6 s, on one thread) instead of after the part of it that comes before the data source. The data
 * source's bean then takes the running server ({@link #await}).
 * <p>
 * It is a listener of every run of {@link PrefsApplication} (registered in {@code META-INF/spring.factories}), and
 * does nothing when a database is configured ({@code spring.datasource.url}). It hands itself to the context as a bean
 * before the context is refreshed. A failure to start (the data folder is locked, say) is thrown where the bean is
 * created, as if it had started there. A run that fails before taking the server stops it.
 */
class EmbeddedDatabaseStart implements SmartApplicationListener {

    /** The data folder setting ({@code PREFS_DATA_DIR}) and its default. */
    static final String DATA_FOLDER = "PREFS_DATA_DIR";
    static final String DEFAULT_DATA_FOLDER = "./data";
    /** The embedded server's port; 0 picks a free one. */
    static final String PORT = "prefs.embedded-postgres.port";

    private CompletableFuture<EmbeddedDatabase> starting;
    private final AtomicBoolean taken = new AtomicBoolean();

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
               || ApplicationPreparedEvent.class.isAssignableFrom(eventType)
               || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared
            && prepared.getSpringApplication().getAllSources().contains(PrefsApplication.class)) {
            start(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared && starting != null) {
            if (noDatabaseConfigured(prepared.getApplicationContext().getEnvironment())) {
                prepared.getApplicationContext().getBeanFactory().registerSingleton("embeddedDatabaseStart", this);
            } else {
                // A database was configured after the environment was first known (a test's property source).
                stopIfNotTaken();
            }
        } else if (event instanceof ApplicationFailedEvent) {
            stopIfNotTaken();
        }
    }

    /** Whether {@code environment} names no database server, so the standalone runs its own. */
    static boolean noDatabaseConfigured(Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        return url == null || url.isBlank();
    }

    private void start(Environment environment) {
        if (starting != null || !noDatabaseConfigured(environment)) {
            return;
        }
        Path folder = Path.of(environment.getProperty(DATA_FOLDER, DEFAULT_DATA_FOLDER));
        int port = environment.getProperty(PORT, Integer.class, 0);
        starting = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                starting.complete(new EmbeddedDatabase(folder, port));
            } catch (Throwable e) {
                starting.completeExceptionally(e);
            }
        }, "embedded-postgres-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** The started server, once it is up (the caller owns it from then on); what failed to start it, thrown. */
    EmbeddedDatabase await() {
        try {
            EmbeddedDatabase database = starting.join();
            taken.set(true);
            return database;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Waits for a start nobody took and stops the server, so the data folder is free when the run has failed. */
    private void stopIfNotTaken() {
        if (starting == null || taken.getAndSet(true)) {
            return;
        }
        try {
            starting.join().close();
        } catch (CompletionException e) {
            // It did not start: nothing to stop, and the failure of the run is reported as it is.
        }
    }
}
