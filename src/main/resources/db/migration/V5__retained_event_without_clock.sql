-- A retained event is now deleted when the last join key of its rule lets it go (each key keeps its
-- own clock), no longer by a per-rule time cutoff: the rule's clock column and its index go.
DROP INDEX retained_event_clock_idx;
ALTER TABLE retained_event DROP COLUMN clock_at;
