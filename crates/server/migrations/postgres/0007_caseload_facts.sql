-- What the caseload's flags need from each live shared entry (steady_domain::facts), written at
-- sync time so the caseload reads short lines instead of decoding every entry. Entries synced
-- before this migration have none; the caseload decodes their body instead.
ALTER TABLE shared_entries ADD COLUMN facts TEXT;

-- Counts every change to a participant's shared entries, in the same transaction as the change,
-- so a server process can tell whether the facts it keeps in memory for them are still current.
ALTER TABLE participants ADD COLUMN entries_version BIGINT NOT NULL DEFAULT 0;

-- Whether each participant has a linked phone is asked per caseload row; without this index every
-- row scanned every device.
CREATE INDEX devices_by_participant ON devices (participant_id, revoked_at);
