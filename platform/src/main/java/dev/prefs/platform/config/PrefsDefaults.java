package dev.prefs.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Adds every module's {@code classpath*:prefs/defaults/*.yml} as the lowest-precedence configuration. Each module
 * ships its own defaults under its own file name, so the standalone process, which has both sides on its class
 * path, gets all of them, and anything in {@code application.yml}, the environment or the command line wins.
 */
public class PrefsDefaults implements EnvironmentPostProcessor {

    static final String LOCATION = "classpath*:prefs/defaults/*.yml";

    /** Axon reads this switch as a JVM system property only. */
    static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Axon asks an update server at start-up; production networks (and these machines) have no internet.
        // An explicit -Daxoniq.update-checker.disabled or AXONIQ_UPDATE_CHECKER_DISABLED still wins.
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null
            && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
        YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            Arrays.sort(files, Comparator.comparing(Resource::getFilename));
            for (Resource file : files) {
                for (PropertySource<?> source : loader.load("prefs-defaults:" + file.getFilename(), file)) {
                    environment.getPropertySources().addLast(source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + LOCATION, e);
        }
    }
}
