-- Groups and their scheduled sessions. Times are UTC milliseconds since the Unix epoch.
CREATE TABLE groups (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('walking', 'gardening', 'peer_recovery', 'physical_activity', 'clean_up', 'other')),
    description   TEXT,
    meeting_point TEXT NOT NULL,
    accessibility TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY NOT NULL,
    group_id      TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    meeting_point TEXT,
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    CHECK (ends_at > starts_at)
);

CREATE INDEX sessions_by_start ON sessions (starts_at);
