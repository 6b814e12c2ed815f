-- The first answer to each command request that carried an Idempotency-Key, so a repeat gets the same answer and
-- appends nothing, also after a restart. Written in the same transaction as the command's events: a concurrent
-- duplicate fails on the primary key, its events roll back, and it answers with the row the winner stored.

CREATE TABLE idempotency_keys (
    user_id         VARCHAR(128) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    operation       VARCHAR(16)  NOT NULL,
    -- SHA-256 (hex) of the operation and the canonical request body; the same key with another request is refused.
    request_hash    CHAR(64)     NOT NULL,
    status          SMALLINT     NOT NULL,
    version         BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idempotency_key)
);

-- Lets an operator (or a later clean-up job) drop keys older than any client would retry.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
