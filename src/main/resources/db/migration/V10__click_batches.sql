-- Click batches are written at most once. The writer retries a batch whose INSERT failed for it,
-- and a statement that timed out for the client may still have committed: the retry then finds
-- its batch id here and inserts nothing. Rows older than a day are pruned by the writer.
CREATE TABLE click_batches (
    id         uuid PRIMARY KEY,
    written_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);
CREATE INDEX click_batches_written_at ON click_batches (written_at);
