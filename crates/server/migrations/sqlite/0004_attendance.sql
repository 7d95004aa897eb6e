-- Group leaders, who said they would come, registers, and session check-in codes.
CREATE TABLE group_leaders (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, staff_id)
);

CREATE TABLE group_members (
    group_id       TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    joined_at      INTEGER NOT NULL,
    PRIMARY KEY (group_id, participant_id)
);

-- One line per person per session; the latest tap wins (see crates/domain/src/attendance.rs).
CREATE TABLE register_marks (
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_key  TEXT NOT NULL,
    name        TEXT NOT NULL,
    present     INTEGER NOT NULL CHECK (present IN (0, 1)),
    tapped_at   INTEGER NOT NULL,
    marked_by   TEXT,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, person_key)
);

CREATE TABLE session_codes (
    session_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX session_codes_by_code ON session_codes (code);

-- Wrong session codes per participant, to slow guessing.
CREATE TABLE code_attempts (
    participant_id TEXT PRIMARY KEY NOT NULL,
    failures       INTEGER NOT NULL,
    window_start   INTEGER NOT NULL
);
