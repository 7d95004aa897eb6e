-- The access log as one row per view of participants' data, naming everyone the view showed
-- (their ids, comma-separated), instead of one row per participant: a caseload of 60 people is one
-- write per view, not 60. Earlier records move across as views of one participant each.
CREATE TABLE access_views (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id        TEXT NOT NULL REFERENCES staff (id),
    view            TEXT NOT NULL,
    at              BIGINT NOT NULL,
    participant_ids TEXT NOT NULL
);
INSERT INTO access_views (staff_id, view, at, participant_ids) SELECT staff_id, view, at, participant_id FROM access_log ORDER BY id;
DROP TABLE access_log;
