-- Redelivery no longer needs a row per event: the correlation state recognises the candidates it
-- holds, and every other event sent again changes nothing (alert ids are deterministic). The ledger
-- grew with traffic (a row per event for 24 h) instead of with state.
DROP TABLE ingested_event;
