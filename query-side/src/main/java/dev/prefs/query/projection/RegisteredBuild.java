package dev.prefs.query.projection;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code projection_registry}: a build of a projection version, its status and, when a rebuild job
 * made it, the job's state, figures, snapshot and checkpoint. Nullable fields are null until the job gets there;
 * {@code processedBefore} is what earlier runs of a resumed bulk phase had done when the current one started.
 */
public record RegisteredBuild(String name, int version, int generation, String table, String processingGroup,
                              BuildStatus status, UUID jobId, JobState jobState, boolean forceCutOver, long processed,
                              long total, long processedBefore, Long snapshotHead, List<Long> snapshotGaps, String bulkCheckpoint,
                              Instant startedAt, Instant bulkStartedAt, Instant bulkFinishedAt, Instant caughtUpAt,
                              Instant switchedInAt, Instant switchedOutAt, Instant jobFinishedAt, String error) {

    public RegisteredBuild {
        Objects.requireNonNull(status, "status");
        Sql.identifier(table);
        Sql.identifier(processingGroup);
        snapshotGaps = snapshotGaps == null ? null : List.copyOf(snapshotGaps);
    }

    public boolean bulkFinished() {
        return bulkFinishedAt != null;
    }

    /** Whether this build's processor should run: it follows events once it has (or needs) no bulk phase. */
    public boolean following() {
        return status == BuildStatus.LIVE || status == BuildStatus.STANDBY
               || (status == BuildStatus.BUILDING && (jobId == null || bulkFinished()));
    }
}
