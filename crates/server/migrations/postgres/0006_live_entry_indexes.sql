-- Indexes over live (not deleted) shared entries, so the caseload counts each participant's entries
-- and finds their latest ones from the index alone instead of reading every row.
DROP INDEX shared_entries_by_time;
CREATE INDEX shared_entries_live_by_time ON shared_entries (participant_id, deleted, at);
CREATE INDEX shared_entries_live_by_update ON shared_entries (participant_id, deleted, updated_at);
