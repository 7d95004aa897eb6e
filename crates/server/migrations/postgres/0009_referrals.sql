-- The referral pathway: referring organisations (authenticated by an API key stored only hashed, until
-- revoked),
-- referrals (by staff form or FHIR ServiceRequest; one per referrer identifier), contact attempts,
-- and the outcome, which for "accepted" names the participant enrolled from the referral.
CREATE TABLE referrers (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    ods_code        TEXT NOT NULL,
    referral_source TEXT NOT NULL CHECK (referral_source IN ('probation', 'primary_care', 'self_referral', 'other')),
    key_hash        TEXT NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL,
    revoked_at      BIGINT
);

CREATE TABLE referrals (
    id                  TEXT PRIMARY KEY NOT NULL,
    received_at         BIGINT NOT NULL,
    intake              TEXT NOT NULL CHECK (intake IN ('staff_form', 'fhir')),
    referrer_id         TEXT REFERENCES referrers (id),
    referrer_identifier TEXT,
    created_by          TEXT REFERENCES staff (id),
    name                TEXT NOT NULL,
    referral_source     TEXT NOT NULL CHECK (referral_source IN ('probation', 'primary_care', 'self_referral', 'other')),
    referrer_name       TEXT,
    justice_contact     BIGINT NOT NULL CHECK (justice_contact IN (0, 1)),
    details             TEXT NOT NULL,
    assigned_to         TEXT REFERENCES staff (id),
    outcome             TEXT CHECK (outcome IN ('accepted', 'declined', 'unable_to_contact', 'not_suitable', 'referred_elsewhere')),
    outcome_at          BIGINT,
    outcome_by          TEXT REFERENCES staff (id),
    outcome_note        TEXT,
    gp_sharing          TEXT CHECK (gp_sharing IN ('codes_only', 'codes_and_self_ratings')),
    participant_id      TEXT REFERENCES participants (id),
    UNIQUE (referrer_id, referrer_identifier)
);
CREATE INDEX referrals_by_outcome ON referrals (outcome, received_at);
CREATE INDEX referrals_by_received ON referrals (received_at);

CREATE TABLE contact_attempts (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    referral_id        TEXT NOT NULL REFERENCES referrals (id),
    at                 BIGINT NOT NULL,
    staff_id           TEXT NOT NULL REFERENCES staff (id),
    channel            TEXT NOT NULL CHECK (channel IN ('phone', 'text', 'letter', 'in_person', 'probation')),
    result             TEXT NOT NULL CHECK (result IN ('reached', 'no_answer', 'left_message')),
    note               TEXT,
    identity_confirmed BIGINT NOT NULL CHECK (identity_confirmed IN (0, 1))
);
CREATE INDEX contact_attempts_by_referral ON contact_attempts (referral_id, at);
