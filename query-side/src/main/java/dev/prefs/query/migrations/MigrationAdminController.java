package dev.prefs.query.migrations;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/migrations}: Flyway's own view of the schema history. */
@RestController
@Tag(name = "Migrations")
class MigrationAdminController {

    record Migration(@Schema(description = "null for a repeatable migration", example = "8", nullable = true)
                     String version, String description, @Schema(example = "SQL") String type,
                     @Schema(example = "Success") String state,
                     @Schema(description = "null while pending", nullable = true) Instant installedOn) {
    }

    record Migrations(@Schema(description = "null before the first migration", example = "8", nullable = true)
                      String currentVersion, List<Migration> migrations) {
    }

    private final ObjectProvider<Flyway> flyway;
    private final DataSource dataSource;

    MigrationAdminController(ObjectProvider<Flyway> flyway, DataSource dataSource) {
        this.flyway = flyway;
        this.dataSource = dataSource;
    }

    @GetMapping("/admin/migrations")
    @Operation(operationId = "listMigrations", summary = "The schema's version and every Flyway migration's state")
    @ApiResponse(responseCode = "200", description = "Flyway's view")
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
