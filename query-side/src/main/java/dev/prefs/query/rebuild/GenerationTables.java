package dev.prefs.query.rebuild;

import dev.prefs.query.projection.Build;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables of the builds of later generations: a rebuild clones them from the version's Flyway-created tables
 * ({@code LIKE ... INCLUDING ALL}) when it starts, so their schema still comes only from Flyway.
 */
final class GenerationTables {

    private final JdbcTemplate jdbc;

    GenerationTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates {@code build}'s empty tables, indexes included, in the caller's transaction. */
    void create(Build<?> build) {
        Build<?> base = new Build<>(build.version(), 1);
        for (int i = 0; i < build.tables().size(); i++) {
            jdbc.execute("CREATE TABLE " + build.tables().get(i) + " (LIKE " + base.tables().get(i)
                         + " INCLUDING ALL)");
        }
    }
}
