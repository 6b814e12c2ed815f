-- Projection rebuilds (issue #5): a registry row becomes a build of a projection version. Generation 1 is the
-- version's Flyway-created table and processing group (<name>_v<version>); a rebuild of the same version is a later
-- generation with its own tables (cloned from generation 1's, "LIKE ... INCLUDING ALL", so their schema still comes
-- only from Flyway) and its own processing group (<name>_v<version>_g<generation>). A build made by a rebuild job
-- carries the job's figures, its snapshot of the event store and its bulk checkpoint, so a killed job resumes.

ALTER TABLE projection_registry
    ADD COLUMN generation       INTEGER      NOT NULL DEFAULT 1,
    ADD COLUMN job_id           UUID,
    ADD COLUMN job_state        VARCHAR(16),
    ADD COLUMN force_cut_over   BOOLEAN      NOT NULL DEFAULT false,
    -- Events folded by the bulk phase, of total (the events up to the snapshot head).
    ADD COLUMN processed        BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN total            BIGINT       NOT NULL DEFAULT 0,
    -- The snapshot the bulk phase reads: every event up to snapshot_head except the snapshot_gaps, which were not
    -- yet committed; the follower starts from exactly there.
    ADD COLUMN snapshot_head    BIGINT,
    ADD COLUMN snapshot_gaps    BIGINT[],
    -- The last user whose rows the bulk phase committed (users are folded in user id order).
    ADD COLUMN bulk_checkpoint  VARCHAR(255),
    -- When this run of the bulk phase started and how many events were done before it (a resumed job's rate
    -- counts only its own run).
    ADD COLUMN bulk_started_at  TIMESTAMPTZ,
    ADD COLUMN processed_before BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN bulk_finished_at TIMESTAMPTZ,
    ADD COLUMN job_finished_at  TIMESTAMPTZ,
    ADD COLUMN retired_at       TIMESTAMPTZ,
    ADD COLUMN error            VARCHAR(2000),
    ADD CONSTRAINT projection_registry_generation_positive CHECK (generation > 0),
    ADD CONSTRAINT projection_registry_job_state
        CHECK (job_state IN ('running', 'caught-up', 'switched', 'failed', 'cancelled')),
    ADD CONSTRAINT projection_registry_job_id UNIQUE (job_id);

ALTER TABLE projection_registry DROP CONSTRAINT projection_registry_pkey;
ALTER TABLE projection_registry ADD CONSTRAINT projection_registry_pkey PRIMARY KEY (name, version, generation);

-- One rebuild per projection at a time, whichever process asks: the second insert of a 'building' row fails.
CREATE UNIQUE INDEX projection_registry_one_building ON projection_registry (name) WHERE status = 'building';
