package dev.prefs.query.rebuild;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;

/**
 * Starts the application without its web server when its first word is {@code rebuild}, whichever main class runs
 * it (the query side's or the standalone one's): the command is a batch job, and must not take the service's port.
 */
public final class RebuildCommandRunListener implements SpringApplicationRunListener {

    public RebuildCommandRunListener(SpringApplication application, String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                if (RebuildCommand.COMMAND.equals(arg)) {
                    application.setWebApplicationType(WebApplicationType.NONE);
                }
                return;
            }
        }
    }
}
