-- Failed attempts at guessable things (pairing codes, session codes), per client and in total,
-- kept in the database so limits hold across server processes.
DROP TABLE code_attempts;
CREATE TABLE attempts (
    scope        TEXT NOT NULL,
    client       TEXT NOT NULL,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    PRIMARY KEY (scope, client)
);
