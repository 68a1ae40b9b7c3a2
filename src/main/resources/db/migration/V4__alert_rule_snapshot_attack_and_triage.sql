-- Alerts keep the rule as it was when they were detected, a triage status with its history, the
-- ATT&CK mapping and the join key in rows that can be queried, and a commit-order sequence number.

ALTER TABLE alert ADD COLUMN seq BIGINT;
ALTER TABLE alert ADD COLUMN rule_description VARCHAR NOT NULL DEFAULT '';
ALTER TABLE alert ADD COLUMN rule_version INTEGER;
ALTER TABLE alert ADD COLUMN rule_updated_date VARCHAR(32);
ALTER TABLE alert ADD COLUMN rule_building_block_type VARCHAR(32);
ALTER TABLE alert ADD COLUMN rule_tags VARCHAR NOT NULL DEFAULT '[]';
ALTER TABLE alert ADD COLUMN rule_references VARCHAR NOT NULL DEFAULT '[]';
ALTER TABLE alert ADD COLUMN rule_false_positives VARCHAR NOT NULL DEFAULT '[]';
ALTER TABLE alert ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'open';
ALTER TABLE alert ADD COLUMN status_updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE alert ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE alert ALTER COLUMN join_keys SET DATA TYPE VARCHAR;
ALTER TABLE alert ALTER COLUMN events SET DATA TYPE VARCHAR;

-- Alerts stored before this migration are numbered in detection order.
UPDATE alert SET seq = (SELECT COUNT(*) FROM alert earlier
                        WHERE earlier.detected_at < alert.detected_at
                           OR (earlier.detected_at = alert.detected_at AND earlier.id <= alert.id));
ALTER TABLE alert ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX alert_seq_idx ON alert (seq);
CREATE INDEX alert_status_idx ON alert (status);
CREATE INDEX alert_first_event_at_idx ON alert (first_event_at);

-- The last sequence number handed out. A transaction that stores alerts takes its numbers by
-- updating this row and holds the row lock until it commits, so numbers become visible in the
-- order they were handed out: a poller reading "seq > cursor" never skips an alert that commits late.
CREATE TABLE alert_commit_counter (
    id        INTEGER NOT NULL PRIMARY KEY,
    last_seq  BIGINT  NOT NULL
);
INSERT INTO alert_commit_counter (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM alert;

-- One row per (tactic, technique, sub-technique) of the rule's threat mapping; technique and
-- sub-technique columns are null where the rule names none.
CREATE TABLE alert_threat (
    alert_id                VARCHAR(64)  NOT NULL REFERENCES alert (id),
    threat_index            INTEGER      NOT NULL,
    framework               VARCHAR(100) NOT NULL,
    tactic_id               VARCHAR(32)  NOT NULL,
    tactic_name             VARCHAR(200) NOT NULL,
    tactic_reference        VARCHAR(500) NOT NULL,
    technique_id            VARCHAR(32),
    technique_name          VARCHAR(200),
    technique_reference     VARCHAR(500),
    subtechnique_id         VARCHAR(32),
    subtechnique_name       VARCHAR(200),
    subtechnique_reference  VARCHAR(500),
    PRIMARY KEY (alert_id, threat_index)
);
CREATE INDEX alert_threat_tactic_idx ON alert_threat (tactic_id);
CREATE INDEX alert_threat_technique_idx ON alert_threat (technique_id);

-- The join key values that are present, for filtering by key (host.id, user.name, ...).
CREATE TABLE alert_key (
    alert_id   VARCHAR(64)   NOT NULL REFERENCES alert (id),
    key_index  INTEGER       NOT NULL,
    key_field  VARCHAR(200)  NOT NULL,
    key_value  VARCHAR(1024) NOT NULL,
    PRIMARY KEY (alert_id, key_index)
);
CREATE INDEX alert_key_value_idx ON alert_key (key_field, key_value);

-- Every status change: from, to, when, by whom and why.
CREATE TABLE alert_status_change (
    alert_id      VARCHAR(64)              NOT NULL REFERENCES alert (id),
    change_index  INTEGER                  NOT NULL,
    from_status   VARCHAR(16)              NOT NULL,
    to_status     VARCHAR(16)              NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by    VARCHAR(200)             NOT NULL,
    reason        VARCHAR(1000),
    PRIMARY KEY (alert_id, change_index)
);
