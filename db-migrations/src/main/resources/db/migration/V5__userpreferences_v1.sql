-- Version 1 of the userpreferences projection: one row per user, written only by the projection (processing group
-- userpreferences_v1). Deleted users keep a tombstone row (deleted = true) with their version, so a replayed older
-- event can never bring them back; no query returns it.

CREATE TABLE userpreferences_v1 (
    -- Deterministic: the global index of the event that first created the user, so two rebuilds are identical.
    id                    BIGINT       NOT NULL,
    -- Byte order ("C"), so keyset pagination by user id is the order clients expect, independent of the locale.
    user_id               VARCHAR(128) COLLATE "C" NOT NULL,
    theme                 VARCHAR(16)  NOT NULL,
    language              VARCHAR(64)  NOT NULL,
    notifications_enabled BOOLEAN      NOT NULL,
    created_at            TIMESTAMPTZ  NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL,
    version               BIGINT       NOT NULL,
    deleted               BOOLEAN      NOT NULL,
    CONSTRAINT userpreferences_v1_pkey PRIMARY KEY (id),
    CONSTRAINT userpreferences_v1_user_id UNIQUE (user_id)
);

-- The seed document's table, for people with psql: always the live version's rows that exist. The projection switch
-- redefines this view in the same transaction in which it changes the live version.
CREATE VIEW userpreferences AS
SELECT id, user_id, theme, language, notifications_enabled, created_at, updated_at, version
FROM userpreferences_v1
WHERE NOT deleted;
