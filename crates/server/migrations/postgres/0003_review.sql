-- Link workers' reviews of participants, and the log of every staff view of a participant's data.
CREATE TABLE reviews (
    id             TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    reviewed_at    BIGINT NOT NULL,
    note           TEXT
);
CREATE INDEX reviews_by_participant ON reviews (participant_id, reviewed_at);

CREATE TABLE access_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    participant_id TEXT NOT NULL,
    view           TEXT NOT NULL,
    at             BIGINT NOT NULL
);
CREATE INDEX access_log_by_time ON access_log (at);
