package dev.prefs.query.projection;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code projection_registry} table: which versions exist and which one of each projection is live. */
final class ProjectionRegistry {

    static final String CHANNEL = "prefs_projections";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ProjectionRegistry(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Adds a {@code building} row for each declared version not registered yet. A projection with no live version
     * at all (its first deployment) has nothing else to serve reads from, so its newest declared version becomes
     * live at once; otherwise the live version stays until a switch.
     */
    void registerDeclared(List<ProjectionVersion<?>> versions) {
        transactions.executeWithoutResult(status -> {
            // Processes starting together must not both make a version live (the partial unique index would
            // fail one of them at start-up).
            jdbc.execute("SELECT pg_advisory_xact_lock(hashtext('projection_registry'))");
            versions.stream()
                    .sorted(Comparator.comparing((ProjectionVersion<?> v) -> v.name())
                                      .thenComparing(ProjectionVersion::version, Comparator.reverseOrder()))
                    .forEach(this::register);
        });
    }

    private void register(ProjectionVersion<?> version) {
        jdbc.update("""
                INSERT INTO projection_registry (name, version, table_name, processing_group, status, started_at)
                VALUES (?, ?, ?, ?, 'building', now())
                ON CONFLICT (name, version) DO NOTHING""",
                version.name(), version.version(), version.table(), version.processingGroup());
        int madeLive = jdbc.update("""
                UPDATE projection_registry SET status = 'live', switched_in_at = now()
                WHERE name = ? AND version = ? AND status = 'building'
                  AND NOT EXISTS (SELECT 1 FROM projection_registry WHERE name = ? AND status = 'live')""",
                version.name(), version.version(), version.name());
        if (madeLive > 0) {
            jdbc.queryForList("SELECT pg_notify(?, ?)", CHANNEL, version.name());
        }
    }

    /** The live version of every projection, by name. */
    Map<String, LiveVersion> live() {
        return jdbc.query("SELECT name, version, table_name FROM projection_registry WHERE status = 'live'",
                        (rs, i) -> new LiveVersion(rs.getString(1), rs.getInt(2), rs.getString(3)))
                   .stream()
                   .collect(Collectors.toUnmodifiableMap(LiveVersion::name, Function.identity()));
    }
}
