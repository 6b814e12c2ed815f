-- Release 2: notifications grow from one switch into channels (email, push, sms).
--
-- New versions of both projections get new, empty tables. Nothing here copies or converts a row: on start-up the
-- query side sees versions it has not built yet, replays the event store into these tables beside the live
-- version 1 (which keeps serving), and switches reads over when they have caught up. Release 1's events are upcast
-- on the way in (NotificationChannelsUpcaster): email and push as the old switch, sms false. Version 1's tables stay
-- as they are, following events on standby, so `activate` can go back to them at once.

CREATE TABLE userpreferences_v2 (
    -- As in version 1: the global index of the event that first created the user.
    id                    BIGINT       NOT NULL,
    user_id               VARCHAR(128) COLLATE "C" NOT NULL,
    theme                 VARCHAR(16)  NOT NULL,
    language              VARCHAR(64)  NOT NULL,
    notify_email          BOOLEAN      NOT NULL,
    notify_push           BOOLEAN      NOT NULL,
    notify_sms            BOOLEAN      NOT NULL,
    -- The old field's read meaning, kept by the database, never written: true when any channel is on.
    notifications_enabled BOOLEAN      GENERATED ALWAYS AS (notify_email OR notify_push OR notify_sms) STORED,
    created_at            TIMESTAMPTZ  NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL,
    version               BIGINT       NOT NULL,
    deleted               BOOLEAN      NOT NULL,
    CONSTRAINT userpreferences_v2_pkey PRIMARY KEY (id),
    CONSTRAINT userpreferences_v2_user_id UNIQUE (user_id)
);

CREATE TABLE preferencestats_v2_users (
    user_id      VARCHAR(128) COLLATE "C" NOT NULL,
    version      BIGINT       NOT NULL,
    deleted      BOOLEAN      NOT NULL,
    theme        VARCHAR(16)  NOT NULL,
    language     VARCHAR(64)  NOT NULL,
    notify_email BOOLEAN      NOT NULL,
    notify_push  BOOLEAN      NOT NULL,
    notify_sms   BOOLEAN      NOT NULL,
    CONSTRAINT preferencestats_v2_users_pkey PRIMARY KEY (user_id)
);

-- dimension: as in version 1, plus 'notifications' with value 'email', 'push' or 'sms'.
CREATE TABLE preferencestats_v2_counts (
    dimension VARCHAR(32) NOT NULL,
    value     VARCHAR(64) NOT NULL,
    count     BIGINT      NOT NULL,
    CONSTRAINT preferencestats_v2_counts_pkey PRIMARY KEY (dimension, value)
);
