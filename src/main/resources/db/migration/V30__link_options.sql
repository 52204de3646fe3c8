-- Link options (API.md part 2). Every column is NULL / empty for a plain link, so existing rows and
-- the plain redirect stay as they were.
ALTER TABLE urls
    -- 301, 302, 307 or 308; NULL follows REDIRECT_STATUS
    ADD COLUMN redirect_status SMALLINT CONSTRAINT urls_redirect_status_check
        CHECK (redirect_status IN (301, 302, 307, 308)),
    -- lower-case [a-z0-9_-]{1,50}, at most 10
    ADD COLUMN tags            VARCHAR(50)[] NOT NULL DEFAULT '{}',
    -- Argon2id in PHC string form; never returned
    ADD COLUMN password_hash   TEXT,
    -- human clicks allowed; visits counts the ones taken (only for limited links)
    ADD COLUMN max_visits      INTEGER CONSTRAINT urls_max_visits_check CHECK (max_visits >= 1),
    ADD COLUMN visits          INTEGER NOT NULL DEFAULT 0,
    -- ordered targeting rules: [{"target":url,"conditions":[...]}]
    ADD COLUMN rules           JSONB;

-- GET /urls?tag=x: tags @> ARRAY[x]
CREATE INDEX urls_tags_idx ON urls USING gin (tags);
