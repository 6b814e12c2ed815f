-- Version 1 of the changefeed projection (processing group changefeed_v1, one segment: a single writer, so the
-- order of its items is the order in which it folded the events). It keeps what it needs to resolve every user's
-- effective values at the position it has reached (each user's explicit values and tenant, each layer's values), so
-- a change of a default is fanned out to exactly the users who inherited it then; the items are the feed.

-- One row per item: a user whose effective values changed. position is the cursor (1, 2, 3, ... with no gap as
-- written; a purge removes a prefix). global_index and ordinal say which event made it and where the user stands in
-- that event's fan-out (user id order); a rebuild replays the same events in the same order into the same items.
CREATE TABLE changefeed_v1 (
    position     BIGINT       NOT NULL,
    global_index BIGINT       NOT NULL,
    ordinal      INT          NOT NULL,
    user_id      VARCHAR(128) COLLATE "C" NOT NULL,
    tenant_id    VARCHAR(128) COLLATE "C",
    version      BIGINT       NOT NULL,
    at           TIMESTAMPTZ  NOT NULL,
    cause_layer  VARCHAR(16)  NOT NULL,
    cause_id     VARCHAR(140) NOT NULL,
    cause_type   VARCHAR(64)  NOT NULL,
    cause_by     TEXT,
    -- The changed fields as JSON text, in the order written ({field: {"from", "to"}}).
    changes      TEXT         NOT NULL,
    CONSTRAINT changefeed_v1_pkey PRIMARY KEY (position)
);
CREATE INDEX changefeed_v1_tenant ON changefeed_v1 (tenant_id, position);
CREATE INDEX changefeed_v1_user ON changefeed_v1 (user_id, position);
CREATE INDEX changefeed_v1_at ON changefeed_v1 (at);

-- Each user as the feed last folded them: explicit values (null: inherits), tenant, and whether they exist.
CREATE TABLE changefeed_v1_users (
    user_id      VARCHAR(128) COLLATE "C" NOT NULL,
    version      BIGINT       NOT NULL,
    present      BOOLEAN      NOT NULL,
    tenant_id    VARCHAR(128) COLLATE "C",
    theme        VARCHAR(16),
    language     VARCHAR(64),
    notify_email BOOLEAN,
    notify_push  BOOLEAN,
    notify_sms   BOOLEAN,
    CONSTRAINT changefeed_v1_users_pkey PRIMARY KEY (user_id)
);
CREATE INDEX changefeed_v1_users_tenant ON changefeed_v1_users (tenant_id, user_id) WHERE present;

-- Each layer (stream tenant/<id> or system/defaults): its values (null: inherits) and enforced fields (wire names,
-- comma-separated). No row for the system layer: the built-in defaults.
CREATE TABLE changefeed_v1_layers (
    stream_id    VARCHAR(140) COLLATE "C" NOT NULL,
    version      BIGINT       NOT NULL,
    theme        VARCHAR(16),
    language     VARCHAR(64),
    notify_email BOOLEAN,
    notify_push  BOOLEAN,
    notify_sms   BOOLEAN,
    enforced     TEXT         NOT NULL,
    CONSTRAINT changefeed_v1_layers_pkey PRIMARY KEY (stream_id)
);

-- One row (written on first use, so a rebuild's cloned table needs none): the last position written, and the last
-- one purged (items up to it are gone: a cursor below it is 410).
CREATE TABLE changefeed_v1_state (
    id             INT    NOT NULL,
    last_position  BIGINT NOT NULL,
    purged_through BIGINT NOT NULL,
    CONSTRAINT changefeed_v1_state_pkey PRIMARY KEY (id),
    CONSTRAINT changefeed_v1_state_one CHECK (id = 1)
);
