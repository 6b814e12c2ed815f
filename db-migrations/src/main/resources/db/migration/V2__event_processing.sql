-- Where each event processor (one per projection version) has got to, and the events a projection could not
-- handle (Axon's JDBC token store and sequenced dead-letter queue, in snake_case).

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment)
);

CREATE TABLE dead_letter_entry (
    dead_letter_identifier VARCHAR(255)  NOT NULL,
    processing_group       VARCHAR(255)  NOT NULL,
    sequence_identifier    VARCHAR(255)  NOT NULL,
    sequence_index         BIGINT        NOT NULL,
    message_type           VARCHAR(255)  NOT NULL,
    event_identifier       VARCHAR(255)  NOT NULL,
    time_stamp             VARCHAR(255)  NOT NULL,
    payload_type           VARCHAR(255)  NOT NULL,
    payload_revision       VARCHAR(255),
    payload                BYTEA         NOT NULL,
    meta_data              BYTEA,
    aggregate_type         VARCHAR(255),
    aggregate_identifier   VARCHAR(255),
    sequence_number        BIGINT,
    token_type             VARCHAR(255),
    token                  BYTEA,
    enqueued_at            VARCHAR(255)  NOT NULL,
    last_touched           VARCHAR(255),
    processing_started     VARCHAR(255),
    cause_type             VARCHAR(255),
    cause_message          VARCHAR(1023),
    diagnostics            BYTEA,
    CONSTRAINT dead_letter_entry_pkey PRIMARY KEY (dead_letter_identifier),
    CONSTRAINT dead_letter_entry_sequence UNIQUE (processing_group, sequence_identifier, sequence_index)
);

CREATE INDEX dead_letter_entry_processing_group ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_entry_group_sequence ON dead_letter_entry (processing_group, sequence_identifier);
