package dev.prefs.query.migrations;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/migrations}: Flyway's own view of the schema history. */
@RestController
class MigrationAdminController {

    record Migration(String version, String description, String type, String state, Instant installedOn) {
    }

    record Migrations(String currentVersion, List<Migration> migrations) {
    }

    private final ObjectProvider<Flyway> flyway;
    private final DataSource dataSource;

    MigrationAdminController(ObjectProvider<Flyway> flyway, DataSource dataSource) {
        this.flyway = flyway;
        this.dataSource = dataSource;
    }

    @GetMapping("/admin/migrations")
    Migrations migrations() {
        // Without a Flyway bean (migrations run by the CLI, spring.flyway.enabled=false) the default locations are
        // the ones db-migrations ships.
        Flyway reader = flyway.getIfAvailable(() -> Flyway.configure().dataSource(dataSource).load());
        MigrationInfoService info = reader.info();
        MigrationInfo current = info.current();
        return new Migrations(current == null || current.getVersion() == null ? null
                : current.getVersion().getVersion(),
                Arrays.stream(info.all()).map(m -> new Migration(
                        m.getVersion() == null ? null : m.getVersion().getVersion(), m.getDescription(),
                        m.getType().name(), m.getState().getDisplayName(),
                        m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant())).toList());
    }
}
