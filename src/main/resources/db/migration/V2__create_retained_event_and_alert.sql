-- Candidate events that sequence and sample rules retain, so correlation state survives a restart.
-- clock_at is the rule's clock (@timestamp, or event.ingested for rules with timestamp_override), epoch ms.
CREATE TABLE retained_event (
    rule_id      VARCHAR(200)  NOT NULL,
    event_id     VARCHAR(512)  NOT NULL,
    clock_at     BIGINT        NOT NULL,
    ingested_at  BIGINT        NOT NULL,
    arrival      BIGINT        NOT NULL,
    event_index  VARCHAR(255),
    source       TEXT          NOT NULL,
    PRIMARY KEY (rule_id, event_id)
);
CREATE INDEX retained_event_clock_idx ON retained_event (rule_id, clock_at);

-- One row per detection. The id is a hash of the rule, the join key and the ordered events, so the
-- same detection found twice (a redelivered batch, a re-run after a late event) is stored once.
CREATE TABLE alert (
    id              VARCHAR(64)              NOT NULL PRIMARY KEY,
    rule_id         VARCHAR(200)             NOT NULL,
    rule_name       VARCHAR(1000)            NOT NULL,
    severity        VARCHAR(16)              NOT NULL,
    risk_score      INTEGER                  NOT NULL,
    join_keys       TEXT                     NOT NULL,
    events          TEXT                     NOT NULL,
    first_event_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_event_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    detected_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX alert_rule_idx ON alert (rule_id);
CREATE INDEX alert_detected_at_idx ON alert (detected_at);
