-- The identity of every event ingested recently, so a batch a shipper sends again (after a timeout,
-- or a bulk create retried) changes nothing. Rows older than detection.dedup-retention are deleted.
CREATE TABLE ingested_event (
    event_id     VARCHAR(512)             NOT NULL PRIMARY KEY,
    ingested_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ingested_event_at_idx ON ingested_event (ingested_at);
