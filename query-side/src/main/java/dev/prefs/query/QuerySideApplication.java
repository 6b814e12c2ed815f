package dev.prefs.query;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query side on its own, for the split deployment (docker-compose.yml); port 8081 by default. */
@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(QuerySideApplication.class);
        application.setDefaultProperties(Map.of(
                "server.port", "8081",
                "spring.datasource.url", "jdbc:postgresql://localhost:5432/prefs",
                "spring.datasource.username", "prefs",
                "spring.datasource.password", "prefs"));
        application.run(args);
    }
}
