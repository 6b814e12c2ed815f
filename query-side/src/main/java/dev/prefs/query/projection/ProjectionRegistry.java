package dev.prefs.query.projection;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code projection_registry} table: which builds of which versions exist, which one of each projection is
 * live, and the figures of the rebuild jobs that make them.
 */
public final class ProjectionRegistry {

    public static final String CHANNEL = "prefs_projections";

    /** Serialises every change of which build is live, in all processes. */
    public static final String SWITCH_LOCK = "SELECT pg_advisory_xact_lock(hashtext('projection_registry'))";

    private static final Logger log = LoggerFactory.getLogger(ProjectionRegistry.class);
    private static final String COLUMNS = """
            name, version, generation, table_name, processing_group, status, job_id, job_state, force_cut_over,
            processed, total, processed_before, snapshot_head, snapshot_gaps, bulk_checkpoint, started_at, bulk_started_at,
            bulk_finished_at, caught_up_at, switched_in_at, switched_out_at, job_finished_at, error""";
    private static final RowMapper<RegisteredBuild> ROW = ProjectionRegistry::row;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ProjectionRegistry(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Registers each declared version the registry has not seen. A projection with no live build at all (its first
     * deployment) has nothing else to serve reads from, so its newest declared version becomes live at once;
     * a version newer than the live one is registered as a {@code building} generation 1 with a rebuild job, which
     * builds it beside the live one and switches it in when it has caught up. While another rebuild of the
     * projection runs, the version waits (the next call registers it). A version older than the live one is left
     * alone: on a database that never had it there is nothing to go back to.
     */
    public void registerDeclared(List<ProjectionVersion<?>> versions) {
        transactions.executeWithoutResult(status -> {
            // Processes starting together must not both make a version live (the partial unique index would
            // fail one of them at start-up).
            jdbc.execute(SWITCH_LOCK);
            versions.stream()
                    .sorted(Comparator.comparing((ProjectionVersion<?> v) -> v.name())
                                      .thenComparing(ProjectionVersion::version, Comparator.reverseOrder()))
                    .forEach(this::register);
        });
    }

    private void register(ProjectionVersion<?> version) {
        Integer known = jdbc.queryForObject("SELECT count(*) FROM projection_registry WHERE name = ? AND version = ?",
                Integer.class, version.name(), version.version());
        if (known != null && known > 0) {
            return;
        }
        Integer liveVersion = jdbc.query(
                "SELECT version FROM projection_registry WHERE name = ? AND status = 'live'",
                (rs, i) -> rs.getInt(1), version.name()).stream().findFirst().orElse(null);
        if (liveVersion != null && version.version() < liveVersion) {
            // Declared so that a database where it was built can go back to it (activate); never built anew behind
            // a newer live version, which would then switch reads back to it.
            log.debug("Projection {} version {} is older than the live version {}: not built", version.name(),
                    version.version(), liveVersion);
            return;
        }
        if (liveVersion == null) {
            jdbc.update("""
                    INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                     started_at, switched_in_at)
                    VALUES (?, ?, 1, ?, ?, 'live', now(), now())""",
                    version.name(), version.version(), version.table(), version.processingGroup());
            if (version.view() != null) {
                // The migrations created the view over version 1's table; it follows whichever version is live.
                jdbc.execute(version.view().definitionOver(version.table()));
            }
            jdbc.queryForList("SELECT pg_notify(?, ?)", CHANNEL, version.name());
            return;
        }
        int inserted = jdbc.update("""
                INSERT INTO projection_registry (name, version, generation, table_name, processing_group, status,
                                                 started_at, job_id, job_state)
                VALUES (?, ?, 1, ?, ?, 'building', now(), ?, 'running')
                ON CONFLICT DO NOTHING""",
                version.name(), version.version(), version.table(), version.processingGroup(), UUID.randomUUID());
        if (inserted > 0) {
            log.info("Projection {} version {} is new: building it beside the live version", version.name(),
                    version.version());
        } else {
            log.debug("Projection {} version {} waits for the running rebuild of {} to end", version.name(),
                    version.version(), version.name());
        }
    }

    /** The live version of every projection, by name. */
    Map<String, LiveVersion> live() {
        return jdbc.query("SELECT name, version, generation, table_name FROM projection_registry WHERE status = 'live'",
                        (rs, i) -> new LiveVersion(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4)))
                   .stream()
                   .collect(Collectors.toUnmodifiableMap(LiveVersion::name, Function.identity()));
    }

    /** Every build, by projection, version and generation. */
    public List<RegisteredBuild> builds() {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_registry ORDER BY name, version, generation", ROW);
    }

    public List<RegisteredBuild> builds(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_registry WHERE name = ? ORDER BY version, generation",
                ROW, name);
    }

    public Optional<RegisteredBuild> build(String processingGroup) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_registry WHERE processing_group = ?", ROW,
                processingGroup).stream().findFirst();
    }

    public Optional<RegisteredBuild> job(UUID jobId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_registry WHERE job_id = ?", ROW, jobId)
                   .stream().findFirst();
    }

    private static RegisteredBuild row(ResultSet rs, int rowNum) throws SQLException {
        Array gaps = rs.getArray("snapshot_gaps");
        return new RegisteredBuild(rs.getString("name"), rs.getInt("version"), rs.getInt("generation"),
                rs.getString("table_name"), rs.getString("processing_group"), rs.getString("status"),
                rs.getObject("job_id", UUID.class), rs.getString("job_state"), rs.getBoolean("force_cut_over"),
                rs.getLong("processed"), rs.getLong("total"), rs.getLong("processed_before"),
                rs.getObject("snapshot_head", Long.class),
                gaps == null ? null : Arrays.asList((Long[]) gaps.getArray()), rs.getString("bulk_checkpoint"),
                instant(rs, "started_at"), instant(rs, "bulk_started_at"), instant(rs, "bulk_finished_at"),
                instant(rs, "caught_up_at"), instant(rs, "switched_in_at"), instant(rs, "switched_out_at"),
                instant(rs, "job_finished_at"), rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
