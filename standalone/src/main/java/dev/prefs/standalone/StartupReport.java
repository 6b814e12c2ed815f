package dev.prefs.standalone;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** One line at the end of start-up: where to reach the service, where its data lives, how long start-up took. */
@Component
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);
    private final ObjectProvider<EmbeddedDatabase> embeddedDatabase;

    StartupReport(ObjectProvider<EmbeddedDatabase> embeddedDatabase) {
        this.embeddedDatabase = embeddedDatabase;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        EmbeddedDatabase database = embeddedDatabase.getIfAvailable();
        String data = database != null
                ? "embedded PostgreSQL, data in " + database.postgresFolder()
                : "PostgreSQL at " + event.getApplicationContext().getEnvironment().getProperty("spring.datasource.url");
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("Prefs is up on http://localhost:{} ({}); start-up took {} ms (application {} ms)",
                port, data, sinceJvmStart, event.getTimeTaken().toMillis());
    }
}
