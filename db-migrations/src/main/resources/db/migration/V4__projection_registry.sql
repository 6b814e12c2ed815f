-- Which version of each projection (read model) exists and which one serves reads. A projection version has its
-- own table and its own Axon processing group; the query side registers the versions its code declares at start-up
-- and resolves every read through the one 'live' row. A later switch flips 'live' in one transaction and announces
-- it with pg_notify('prefs_projections', name), so every query-side process refreshes its cached lookup.

CREATE TABLE projection_registry (
    name             VARCHAR(63)  NOT NULL,
    version          INTEGER      NOT NULL,
    table_name       VARCHAR(63)  NOT NULL,
    processing_group VARCHAR(255) NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    started_at       TIMESTAMPTZ  NOT NULL,
    caught_up_at     TIMESTAMPTZ,
    switched_in_at   TIMESTAMPTZ,
    switched_out_at  TIMESTAMPTZ,
    CONSTRAINT projection_registry_pkey PRIMARY KEY (name, version),
    CONSTRAINT projection_registry_version_positive CHECK (version > 0),
    CONSTRAINT projection_registry_status CHECK (status IN ('building', 'live', 'standby', 'retired')),
    -- Table names end up in SQL text; only plain lower-case identifiers are allowed in.
    CONSTRAINT projection_registry_table_name CHECK (table_name ~ '^[a-z_][a-z0-9_]{0,62}$'),
    CONSTRAINT projection_registry_processing_group UNIQUE (processing_group)
);

-- Reads must never have two versions to choose from.
CREATE UNIQUE INDEX projection_registry_one_live ON projection_registry (name) WHERE status = 'live';
