-- Staff accounts, participants, pairing, devices and what participants share.
-- Every secret (password, session, setup link, pairing code, device token) is stored only hashed.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'link_worker', 'leader')),
    password_hash TEXT,
    created_at    BIGINT NOT NULL
);

CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_id   TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_id   TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE sign_in_throttle (
    email        TEXT PRIMARY KEY NOT NULL,
    failures     BIGINT NOT NULL,
    locked_until BIGINT
);

CREATE TABLE participants (
    id                   TEXT PRIMARY KEY NOT NULL,
    link_worker_id       TEXT NOT NULL REFERENCES staff (id),
    display_name         TEXT NOT NULL,
    referral_source      TEXT NOT NULL CHECK (referral_source IN ('probation', 'primary_care', 'self_referral', 'other')),
    justice_contact      BIGINT NOT NULL CHECK (justice_contact IN (0, 1)),
    consent_discussed_on TEXT NOT NULL,
    created_at           BIGINT NOT NULL
);
CREATE INDEX participants_by_link_worker ON participants (link_worker_id);

CREATE TABLE pairing_codes (
    code_hash      TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);

CREATE TABLE devices (
    token_hash     TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT
);

-- One row per shared entry; a deleted entry keeps its id and times (no content) so a replayed
-- upsert cannot bring it back.
CREATE TABLE shared_entries (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    kind           TEXT,
    at             BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    body           TEXT,
    deleted        BIGINT NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    received_at    BIGINT NOT NULL,
    PRIMARY KEY (participant_id, id)
);
CREATE INDEX shared_entries_by_time ON shared_entries (participant_id, at);
