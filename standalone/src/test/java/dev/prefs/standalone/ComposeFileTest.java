package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.platform.config.PrefsDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so this reads docker-compose.yml and checks it against what the applications read:
 * each service's variables are resolved the way Spring Boot resolves the real environment, on top of the
 * applications' own defaults.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    /** Every variable the applications read from the environment. */
    private static final Set<String> VARIABLES_THE_APPS_READ = Set.of("SERVER_PORT", "SPRING_DATASOURCE_URL",
            "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "PREFS_MIGRATE_ON_START", "PREFS_JWT_SECRET",
            "PREFS_MASTER_KEY");

    @ParameterizedTest
    @CsvSource({"command-side, 8080", "query-side, 8081"})
    void applicationServiceAgreesWithTheApplication(String service, int contractPort) throws IOException {
        Map<String, Object> app = service(service);
        Map<String, Object> variables = environment(app);
        StandardEnvironment resolved = resolve(variables);

        assertThat(variables.keySet()).isSubsetOf(VARIABLES_THE_APPS_READ);
        // Without a secret the split applications refuse to start: compose must demand one, not default it.
        assertThat(String.valueOf(variables.get("PREFS_JWT_SECRET"))).startsWith("${PREFS_JWT_SECRET:?");
        // Nor without the master key: every user's data key is wrapped with it.
        assertThat(String.valueOf(variables.get("PREFS_MASTER_KEY"))).startsWith("${PREFS_MASTER_KEY:?");
        assertThat(resolved.getProperty("server.port", Integer.class)).isEqualTo(contractPort);
        assertThat(list(app, "ports")).containsExactly(contractPort + ":" + contractPort);
        assertThat(String.join(" ", list(map(app, "healthcheck"), "test")))
                .contains("localhost:" + contractPort + "/actuator/health");
        assertPointsAtTheComposeDatabase(resolved);
        // The one-shot migrate service migrates; the applications must not race it.
        assertThat(resolved.getProperty("spring.flyway.enabled", Boolean.class)).isFalse();
        assertThat(map(map(app, "depends_on"), "migrate")).containsEntry("condition", "service_completed_successfully");
        assertBuildsFromItsModule(app, service, service + "/target/" + service + "-*-exec.jar");
    }

    @Test
    void migrateServiceRunsTheCliAgainstTheComposeDatabaseOnceItIsHealthy() throws IOException {
        Map<String, Object> migrate = service("migrate");
        assertThat(list(migrate, "command")).containsExactly("migrate");
        assertThat(environment(migrate).keySet()).isSubsetOf(VARIABLES_THE_APPS_READ);
        assertPointsAtTheComposeDatabase(resolve(environment(migrate)));
        assertThat(map(map(migrate, "depends_on"), "postgres")).containsEntry("condition", "service_healthy");
        assertBuildsFromItsModule(migrate, "db-migrations", "db-migrations/target/prefs-migrations.jar");
    }

    @Test
    void postgresIsVersion17WithAHealthCheck() {
        Map<String, Object> postgres = service("postgres");
        assertThat(postgres.get("image")).isEqualTo("postgres:17");
        assertThat(String.join(" ", list(map(postgres, "healthcheck"), "test"))).contains("pg_isready");
    }

    private void assertPointsAtTheComposeDatabase(StandardEnvironment resolved) {
        Map<String, Object> postgres = environment(service("postgres"));
        assertThat(resolved.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
        assertThat(resolved.getProperty("spring.datasource.username")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(resolved.getProperty("spring.datasource.password")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    }

    private static void assertBuildsFromItsModule(Map<String, Object> service, String module, String jar)
            throws IOException {
        Map<String, Object> build = map(service, "build");
        assertThat(build.get("context")).isEqualTo(".");
        Path dockerfile = ROOT.resolve((String) build.get("dockerfile"));
        assertThat(dockerfile).exists().hasFileName("Dockerfile");
        assertThat(dockerfile.getParent().getFileName().toString()).isEqualTo(module);
        assertThat(Files.readString(dockerfile)).contains("-pl " + module).contains(jar);
    }

    /** The variables as the application would see them: the compose values over the modules' defaults. */
    private static StandardEnvironment resolve(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("compose", variables));
        new PrefsDefaults().postProcessEnvironment(environment, null);
        return environment;
    }

    private static Map<String, Object> service(String name) {
        return map(map(compose(), "services"), name);
    }

    private static Map<String, Object> environment(Map<String, Object> service) {
        return map(service, "environment");
    }

    private static Map<String, Object> compose() {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return ((List<Object>) parent.get(key)).stream().map(String::valueOf).toList();
    }
}
