-- The query-side processes that are running, each renewing its row while it runs (dev.prefs.query.projection's
-- SegmentBalancer). A process holding no segment leaves no trace in token_entry: this row is how the others know it
-- is there and leave it its share of every processor's segments. A row not renewed for a while belongs to a process
-- that is gone; the others stop counting it, and delete it later.
CREATE TABLE query_process (
    node_id VARCHAR(255) NOT NULL,
    seen_at TIMESTAMPTZ  NOT NULL,
    CONSTRAINT query_process_pkey PRIMARY KEY (node_id)
);
