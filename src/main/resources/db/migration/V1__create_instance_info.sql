-- The first migration establishes Flyway's history on a fresh database; feature tables follow.
CREATE TABLE instance_info (
    id          INTEGER                  NOT NULL PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO instance_info (id, created_at) VALUES (1, CURRENT_TIMESTAMP);
