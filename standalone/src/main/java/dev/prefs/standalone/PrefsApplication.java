package dev.prefs.standalone;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Prefs in one process: the command side and the query side on one port (8080 by default), on an embedded
 * PostgreSQL whose data lives in {@code ./data/postgres} unless {@code SPRING_DATASOURCE_URL} names a server.
 * The two sides' own application classes are left out of the scan: this class is the one application.
 * The first argument may name a subcommand instead: {@code token} prints a bearer token ({@link TokenCommand}),
 * {@code migrations} runs the migrations CLI on the data folder ({@link MigrationsCommand}), {@code rebuild} runs a
 * rebuild job without the web server (the query side's {@code RebuildCommand}), {@code encrypt-events} and
 * {@code rotate-master-key} manage the encryption of personal data ({@link KeysCommand}); {@code --help} lists them
 * all.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = {"dev.prefs.command", "dev.prefs.query", "dev.prefs.standalone"},
        excludeFilters = {
                @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class),
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class)})
public class PrefsApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(TokenCommand.NAME)) {
            System.exit(TokenCommand.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(MigrationsCommand.NAME)) {
            System.exit(MigrationsCommand.run(args, System.getenv(), System.out, System.err));
        }
        if (KeysCommand.handles(args) && !CommandLineHelp.asked(args)) {
            System.exit(KeysCommand.run(args, System.out, System.err));
        }
        if (CommandLineHelp.asked(args)) {
            System.out.print(CommandLineHelp.TEXT);
            return;
        }
        SpringApplication application = new SpringApplication(PrefsApplication.class);
        application.setDefaultProperties(Map.of("server.port", "8080"));
        application.run(args);
    }
}
