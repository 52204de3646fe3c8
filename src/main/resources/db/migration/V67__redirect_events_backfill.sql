-- Redirect events written before V20 (part 1's clicks, and redirect events a CSV import put into
-- events) are in no rollup, so stats miss them. They move into the click log and the rollups: this
-- migration only lists them; the service moves them in batches of its own transactions after start
-- (dev.shortener.clicks.ClickBackfill), so a table of millions neither holds one huge transaction nor
-- delays the start, and replicas share the work (SKIP LOCKED). The user-agent fields are parsed the
-- way live clicks are, so bots are told apart; there is no client address, hence no country and no
-- visitor id.
--
-- Not listed: events without a link (its row is gone, there are no stats to complete), and clicks
-- an edit through PUT /events moved out of the log (their details carry a visitor id, and the
-- rollups already count them).
CREATE TABLE click_backfill (id BIGINT PRIMARY KEY);
INSERT INTO click_backfill (id)
SELECT id FROM events
WHERE event_type = 'redirect' AND url_id IS NOT NULL
  AND jsonb_typeof(details) = 'object' AND NOT details ? 'visitor';

-- A backfilled click has no visitor id.
ALTER TABLE clicks ALTER COLUMN visitor DROP NOT NULL;

-- Clicks older than the first daily partition go to one partition for all of them, not one per day
-- of the past (hundreds of small tables that every query by id would visit). It is named after its
-- end, clicks_bYYYYMMDD: retention drops it whole once that day is older than CLICK_RETENTION_DAYS.
DO $$
DECLARE
  first_day DATE;
BEGIN
  SELECT min(to_date(substr(c.relname, 9), 'YYYYMMDD')) INTO first_day
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = 'clicks'::regclass AND c.relname ~ '^clicks_p[0-9]{8}$';
  first_day := COALESCE(first_day, (now() AT TIME ZONE 'utc')::date);
  IF EXISTS (SELECT 1 FROM events e JOIN click_backfill b USING (id) WHERE e.timestamp < first_day) THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF clicks FOR VALUES FROM (MINVALUE) TO (%L)',
                   'clicks_b' || to_char(first_day, 'YYYYMMDD'), first_day::timestamp);
  END IF;
END $$;

-- A day before that partition's end is its, not a daily partition's: the click writer's and the
-- maintenance's "make the day's partition" skips it (it would overlap and fail).
CREATE OR REPLACE FUNCTION clicks_partition(day DATE) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  name TEXT := 'clicks_p' || to_char(day, 'YYYYMMDD');
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(name));
  IF to_regclass(name) IS NULL AND NOT EXISTS (
       SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'clicks'::regclass AND c.relname ~ '^clicks_b[0-9]{8}$'
         AND to_date(substr(c.relname, 9), 'YYYYMMDD') > day) THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF clicks FOR VALUES FROM (%L) TO (%L)',
                   name, day::timestamp, (day + 1)::timestamp);
  END IF;
END $$;
