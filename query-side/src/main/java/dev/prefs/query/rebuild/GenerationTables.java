package dev.prefs.query.rebuild;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.RegisteredBuild;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables of the builds of later generations, the one exception to "schema only through Flyway": a rebuild
 * clones them from the version's Flyway-created tables ({@code LIKE ... INCLUDING ALL}) when it starts, and they are
 * dropped here once their build has been retired for the grace period. They are run-time artifacts of a rebuild,
 * copies of tables Flyway owns; generation 1's tables are Flyway's, and this class never drops them.
 */
final class GenerationTables {

    private static final Logger log = LoggerFactory.getLogger(GenerationTables.class);

    private final JdbcTemplate jdbc;
    private final ProjectionRegistry registry;
    private final ProjectionRuntime runtime;

    GenerationTables(JdbcTemplate jdbc, ProjectionRegistry registry, ProjectionRuntime runtime) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.runtime = runtime;
    }

    /** Creates {@code build}'s empty tables, indexes included, in the caller's transaction. */
    void create(Build<?> build) {
        Build<?> base = new Build<>(build.version(), 1);
        for (int i = 0; i < build.tables().size(); i++) {
            jdbc.execute("CREATE TABLE " + cloned(build, build.tables().get(i)) + " (LIKE " + base.tables().get(i)
                         + " INCLUDING ALL)");
        }
    }

    /**
     * Drops the tables of every build of a later generation retired more than {@code grace} ago (its processor has
     * been stopped in every process since: each one stops it on the retirement's announcement or its next look).
     * A build whose version this code no longer declares is left alone: its tables are not known here.
     */
    int dropRetired(Duration grace) {
        int dropped = 0;
        for (RegisteredBuild row : registry.retiredWithTablesSince(grace)) {
            Optional<Build<?>> build = runtime.build(row);
            if (build.isEmpty()) {
                continue;
            }
            List<String> tables = build.get().tables().stream().map(table -> cloned(build.get(), table)).toList();
            jdbc.execute("DROP TABLE IF EXISTS " + String.join(", ", tables));
            log.info("Dropped the tables {} of {}, retired more than {} ago", tables, row.processingGroup(), grace);
            dropped++;
        }
        return dropped;
    }

    /** {@code table} itself, once it is sure to be a clone: never one of the Flyway-created tables of generation 1. */
    private static String cloned(Build<?> build, String table) {
        if (build.generation() < 2 || !table.endsWith("_g" + build.generation())) {
            throw new IllegalStateException(table + " is not a cloned table of a later generation");
        }
        return table;
    }
}
