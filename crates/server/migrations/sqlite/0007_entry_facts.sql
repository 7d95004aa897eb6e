-- What the caseload's flags need from each live shared entry (steady_domain::facts), written at
-- sync time so the caseload reads short lines instead of decoding every entry. Entries synced
-- before this migration have none; the caseload decodes their body instead.
ALTER TABLE shared_entries ADD COLUMN facts TEXT;
