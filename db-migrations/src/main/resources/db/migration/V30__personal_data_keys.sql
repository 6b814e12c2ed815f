-- Crypto-shredding (platform's dev.prefs.platform.crypto): a user's events are encrypted with the user's own data
-- key, and their stream is stored under a keyed pseudonym. Erasing a user deletes the key; the events stay, unreadable.

-- The master keys this database's keys have been wrapped with, by check value (a keyed hash, not the key).
-- A process whose master key is none of these refuses to start; a rotation adds the new one and removes the old.
CREATE TABLE master_key (
    check_value VARCHAR(64) NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT master_key_pkey PRIMARY KEY (check_value)
);

-- Keys of the service itself (the pseudonym key), each wrapped with a master key.
CREATE TABLE system_key (
    purpose          VARCHAR(64) NOT NULL,
    master_key_check VARCHAR(64) NOT NULL,
    wrapped_key      BYTEA       NOT NULL,
    CONSTRAINT system_key_pkey PRIMARY KEY (purpose)
);

-- One data key per user (per generation: a user erased and created again gets a new stream and a new key).
-- pseudonym: the stream's stored aggregate identifier; user_ref: a keyed hash of the user id, to find the key;
-- sealed_user_id: the user id, encrypted with the data key itself. Deleting the row is the erasure.
CREATE TABLE user_data_key (
    pseudonym        VARCHAR(255) NOT NULL,
    user_ref         VARCHAR(64)  NOT NULL,
    generation       INTEGER      NOT NULL,
    master_key_check VARCHAR(64)  NOT NULL,
    wrapped_key      BYTEA        NOT NULL,
    sealed_user_id   BYTEA        NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT user_data_key_pkey PRIMARY KEY (pseudonym),
    CONSTRAINT user_data_key_user_ref UNIQUE (user_ref)
);

CREATE INDEX user_data_key_master_key_check ON user_data_key (master_key_check);

-- Streams whose key was deleted: the next generation of the same user id, and "410 erased".
CREATE TABLE erased_user_stream (
    pseudonym  VARCHAR(255) NOT NULL,
    user_ref   VARCHAR(64)  NOT NULL,
    generation INTEGER      NOT NULL,
    erased_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT erased_user_stream_pkey PRIMARY KEY (pseudonym),
    CONSTRAINT erased_user_stream_generation UNIQUE (user_ref, generation)
);

-- Every process caches data keys: a deleted key is announced so they all forget it at once.
CREATE FUNCTION notify_data_key_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('prefs_data_keys', OLD.pseudonym);
    RETURN NULL;
END;
$$;

CREATE TRIGGER user_data_key_notify_delete
    AFTER DELETE ON user_data_key
    FOR EACH ROW EXECUTE FUNCTION notify_data_key_deleted();

-- The encrypted copy of the event table that the copy job (EventTableEncryption) fills from domain_event_entry,
-- with the same global indexes, and then swaps in under the name domain_event_entry. Same shape and guarantees.
CREATE TABLE domain_event_entry_encrypted (
    global_index         BIGINT       NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    CONSTRAINT domain_event_entry_encrypted_pkey PRIMARY KEY (global_index),
    CONSTRAINT domain_event_entry_encrypted_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number),
    CONSTRAINT domain_event_entry_encrypted_event_identifier UNIQUE (event_identifier)
);

CREATE TRIGGER domain_event_entry_encrypted_no_update_or_delete
    BEFORE UPDATE OR DELETE ON domain_event_entry_encrypted
    FOR EACH ROW EXECUTE FUNCTION reject_event_mutation();

CREATE TRIGGER domain_event_entry_encrypted_no_truncate
    BEFORE TRUNCATE ON domain_event_entry_encrypted
    FOR EACH STATEMENT EXECUTE FUNCTION reject_event_mutation();

CREATE TRIGGER domain_event_entry_encrypted_notify
    AFTER INSERT ON domain_event_entry_encrypted
    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended();
