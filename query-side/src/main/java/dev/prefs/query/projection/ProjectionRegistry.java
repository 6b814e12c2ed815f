package dev.prefs.query.projection;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads the {@code projection_registry} table: which builds of which versions exist, which one of each projection is
 * live, and the figures of the rebuild jobs that make them. Every change of it is a {@link BuildTransitions} method.
 */
public final class ProjectionRegistry {

    private static final String COLUMNS = """
            name, version, generation, table_name, processing_group, status, job_id, job_state, force_cut_over,
            processed, total, processed_before, snapshot_head, snapshot_gaps, bulk_checkpoint, started_at, bulk_started_at,
            bulk_finished_at, caught_up_at, switched_in_at, switched_out_at, job_finished_at, error""";
    private static final RowMapper<RegisteredBuild> ROW = ProjectionRegistry::row;

    private final JdbcTemplate jdbc;

    ProjectionRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The live version of every projection, by name. */
    Map<String, LiveVersion> live() {
        return jdbc.query("SELECT name, version, generation, table_name FROM projection_registry WHERE status = ?",
                        (rs, i) -> new LiveVersion(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4)),
                        BuildStatus.LIVE.text())
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

    /** The live build of {@code name}, if it has one. */
    public Optional<RegisteredBuild> live(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_registry WHERE name = ? AND status = ?", ROW, name,
                BuildStatus.LIVE.text()).stream().findFirst();
    }

    /**
     * The standby builds of {@code name}, the one switched out last first: what a process whose code does not
     * declare the live version reads from instead (see {@link LiveProjections#liveBuild}).
     */
    List<RegisteredBuild> standbyByLastSwitchedOut(String name) {
        return jdbc.query("SELECT " + COLUMNS + """
                 FROM projection_registry WHERE name = ? AND status = ?
                ORDER BY switched_out_at DESC NULLS LAST""", ROW, name, BuildStatus.STANDBY.text());
    }

    /**
     * The retired builds, of any generation, retired more than {@code grace} ago that still leave something behind:
     * their read table, token rows or dead letters. The ones whose leftovers are due to be dropped.
     */
    public List<RegisteredBuild> retiredWithLeftoversSince(Duration grace) {
        return jdbc.query("SELECT " + COLUMNS + """
                 FROM projection_registry r
                WHERE status = ? AND retired_at < now() - make_interval(secs => ?)
                  AND (to_regclass(table_name) IS NOT NULL
                       OR EXISTS (SELECT 1 FROM token_entry t WHERE t.processor_name = r.processing_group)
                       OR EXISTS (SELECT 1 FROM dead_letter_entry d WHERE d.processing_group = r.processing_group))
                ORDER BY name, version, generation""", ROW, BuildStatus.RETIRED.text(), grace.toMillis() / 1000.0);
    }

    private static RegisteredBuild row(ResultSet rs, int rowNum) throws SQLException {
        Array gaps = rs.getArray("snapshot_gaps");
        return new RegisteredBuild(rs.getString("name"), rs.getInt("version"), rs.getInt("generation"),
                rs.getString("table_name"), rs.getString("processing_group"),
                BuildStatus.of(rs.getString("status")), rs.getObject("job_id", UUID.class),
                JobState.of(rs.getString("job_state")), rs.getBoolean("force_cut_over"),
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
