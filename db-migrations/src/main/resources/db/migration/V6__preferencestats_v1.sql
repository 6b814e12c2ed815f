-- Version 1 of the preferencestats projection (processing group preferencestats_v1). The per-user state is what the
-- counts were last computed from: each batch adds (new state - old state) to the counters, so the counts never need
-- a scan of all users and a replayed event, which leaves the state unchanged, adds nothing.

CREATE TABLE preferencestats_v1_users (
    user_id               VARCHAR(128) COLLATE "C" NOT NULL,
    version               BIGINT       NOT NULL,
    deleted               BOOLEAN      NOT NULL,
    theme                 VARCHAR(16)  NOT NULL,
    language              VARCHAR(64)  NOT NULL,
    notifications_enabled BOOLEAN      NOT NULL,
    CONSTRAINT preferencestats_v1_users_pkey PRIMARY KEY (user_id)
);

-- dimension: 'total' (value ''), 'theme', 'language' or 'notificationsEnabled' (value 'true').
CREATE TABLE preferencestats_v1_counts (
    dimension VARCHAR(32) NOT NULL,
    value     VARCHAR(64) NOT NULL,
    count     BIGINT      NOT NULL,
    -- No CHECK (count >= 0): PostgreSQL checks the proposed row of an upsert, so a delta of -1 would fail.
    CONSTRAINT preferencestats_v1_counts_pkey PRIMARY KEY (dimension, value)
);
