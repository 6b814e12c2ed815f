-- The tenants release: every field has an effective value, resolved at read time from layers (a value the tenant
-- enforces, the user's explicit value, the tenant's default, the system default).
--
-- New versions of both projections get new, empty tables, built by replay beside the live version 2 at start-up and
-- switched in when caught up; nothing here copies or converts a row. A user's row keeps only the user's EXPLICIT
-- values (null: inherits) and tenant; each version keeps the layers it resolves with in a small table of its own
-- (one row per tenant that has defaults, one for the system once it was changed). A change of a default writes one
-- layer row: no user row is written, and reads resolve (with the one resolution rule, or SQL tested equal to it).

CREATE TABLE userpreferences_v3 (
    -- As in versions 1 and 2: the global index of the event that first created the user.
    id           BIGINT       NOT NULL,
    user_id      VARCHAR(128) COLLATE "C" NOT NULL,
    tenant_id    VARCHAR(128) COLLATE "C",
    -- The user's explicit values; null inherits from the layers.
    theme        VARCHAR(16),
    language     VARCHAR(64),
    notify_email BOOLEAN,
    notify_push  BOOLEAN,
    notify_sms   BOOLEAN,
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL,
    version      BIGINT       NOT NULL,
    deleted      BOOLEAN      NOT NULL,
    CONSTRAINT userpreferences_v3_pkey PRIMARY KEY (id),
    CONSTRAINT userpreferences_v3_user_id UNIQUE (user_id)
);

-- A tenant's users, in the list's order.
CREATE INDEX userpreferences_v3_tenant ON userpreferences_v3 (tenant_id, user_id);

-- The layers as userpreferences version 3 last folded them: stream_id is the layer's stream (tenant/<id>, or
-- system/defaults with tenant_id null). A field's value null: the layer sets none. version: the layer's event count.
CREATE TABLE userpreferences_v3_layers (
    stream_id        VARCHAR(160) COLLATE "C" NOT NULL,
    tenant_id        VARCHAR(128) COLLATE "C",
    theme            VARCHAR(16),
    language         VARCHAR(64),
    notify_email     BOOLEAN,
    notify_push      BOOLEAN,
    notify_sms       BOOLEAN,
    enforce_theme    BOOLEAN      NOT NULL,
    enforce_language BOOLEAN      NOT NULL,
    enforce_email    BOOLEAN      NOT NULL,
    enforce_push     BOOLEAN      NOT NULL,
    enforce_sms      BOOLEAN      NOT NULL,
    version          BIGINT       NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    CONSTRAINT userpreferences_v3_layers_pkey PRIMARY KEY (stream_id),
    CONSTRAINT userpreferences_v3_layers_tenant UNIQUE (tenant_id)
);

-- Each user's last counted explicit values and tenant (as in userpreferences_v3).
CREATE TABLE preferencestats_v3_users (
    user_id      VARCHAR(128) COLLATE "C" NOT NULL,
    version      BIGINT       NOT NULL,
    deleted      BOOLEAN      NOT NULL,
    tenant_id    VARCHAR(128) COLLATE "C",
    theme        VARCHAR(16),
    language     VARCHAR(64),
    notify_email BOOLEAN,
    notify_push  BOOLEAN,
    notify_sms   BOOLEAN,
    CONSTRAINT preferencestats_v3_users_pkey PRIMARY KEY (user_id)
);

-- Counts of EXPLICIT values per tenant ('' for users of no tenant): dimension 'total' (value ''), 'theme' and
-- 'language' (the explicit value, or '*' for "inherits"), 'channels' (the joint choice of email, push and sms, one
-- character each: 't', 'f' or '*'). Effective counts are these combined with the layers at read time.
CREATE TABLE preferencestats_v3_counts (
    tenant_id VARCHAR(128) COLLATE "C" NOT NULL,
    dimension VARCHAR(32)  NOT NULL,
    value     VARCHAR(64)  NOT NULL,
    count     BIGINT       NOT NULL,
    CONSTRAINT preferencestats_v3_counts_pkey PRIMARY KEY (tenant_id, dimension, value)
);

-- The layers as preferencestats version 3 last folded them (the same shape as userpreferences_v3_layers).
CREATE TABLE preferencestats_v3_layers (
    stream_id        VARCHAR(160) COLLATE "C" NOT NULL,
    tenant_id        VARCHAR(128) COLLATE "C",
    theme            VARCHAR(16),
    language         VARCHAR(64),
    notify_email     BOOLEAN,
    notify_push      BOOLEAN,
    notify_sms       BOOLEAN,
    enforce_theme    BOOLEAN      NOT NULL,
    enforce_language BOOLEAN      NOT NULL,
    enforce_email    BOOLEAN      NOT NULL,
    enforce_push     BOOLEAN      NOT NULL,
    enforce_sms      BOOLEAN      NOT NULL,
    version          BIGINT       NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    CONSTRAINT preferencestats_v3_layers_pkey PRIMARY KEY (stream_id),
    CONSTRAINT preferencestats_v3_layers_tenant UNIQUE (tenant_id)
);
