-- API keys as data (issue 11). Only the SHA-256 of a key is stored; the key itself is shown once.
-- A key with no user is an admin key. A user's keys go with the user (the service also drops them
-- from every replica's key cache when it deletes the user).
CREATE TABLE api_keys (
    id           BIGSERIAL PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    user_id      BIGINT CONSTRAINT api_keys_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    scopes       VARCHAR(16)[] NOT NULL,
    prefix       VARCHAR(8) NOT NULL,
    key_hash     BYTEA NOT NULL,
    created_at   TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP
);
CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id);
