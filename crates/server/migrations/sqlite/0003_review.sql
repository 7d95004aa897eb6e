-- Link workers' reviews of participants, and the log of every staff view of a participant's data.
CREATE TABLE reviews (
    id             TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    reviewed_at    INTEGER NOT NULL,
    note           TEXT
);
CREATE INDEX reviews_by_participant ON reviews (participant_id, reviewed_at);

CREATE TABLE access_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    participant_id TEXT NOT NULL,
    view           TEXT NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX access_log_by_time ON access_log (at);
