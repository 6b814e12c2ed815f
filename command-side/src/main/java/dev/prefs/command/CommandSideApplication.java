package dev.prefs.command;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side on its own, for the split deployment (docker-compose.yml); port 8080 by default. */
@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(CommandSideApplication.class);
        application.setDefaultProperties(Map.of(
                "server.port", "8080",
                "spring.datasource.url", "jdbc:postgresql://localhost:5432/prefs",
                "spring.datasource.username", "prefs",
                "spring.datasource.password", "prefs"));
        application.run(args);
    }
}
