-- Click analytics (issue 12): clicks become an append-only log, stats come from rollups.
--
-- Redirect clicks no longer go to events. They go to `clicks`: partitioned by day, without foreign
-- keys, never updated (an append-only log tolerates a link deleted a moment ago; the view below
-- shows such a click's url_id as null, as ON DELETE SET NULL did). Whole partitions are dropped
-- for CLICK_RETENTION_DAYS, never rows one by one. With no click writing into events any more,
-- events gets its real foreign keys back and the global advisory lock of V2 is retired: a delete
-- of a URL or user with many events no longer holds back the click writers of every replica.
-- Redirect events written before this version stay in events, shown as before.

-- The user key first: its check trigger then fires first, so an event insert locks the user before
-- the URL, in the order a user's delete takes them (fewer deadlocks; the rest are retried).
ALTER TABLE events ADD CONSTRAINT events_user_id_fkey
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL NOT VALID;
ALTER TABLE events ADD CONSTRAINT events_url_id_fkey
  FOREIGN KEY (url_id) REFERENCES urls (id) ON DELETE SET NULL NOT VALID;
-- V2's protocol kept every reference valid; VALIDATE checks it without blocking writers.
ALTER TABLE events VALIDATE CONSTRAINT events_url_id_fkey;
ALTER TABLE events VALIDATE CONSTRAINT events_user_id_fkey;

CREATE TABLE clicks (
    -- from events' sequence, so that GET /events lists API events and clicks in one id order
    id            BIGINT NOT NULL,
    at            TIMESTAMP(6) NOT NULL,
    url_id        BIGINT NOT NULL,
    user_id       BIGINT,
    short_code    VARCHAR(32) NOT NULL,
    referrer      VARCHAR(512),
    user_agent    VARCHAR(512),
    referrer_host VARCHAR(255),
    browser       VARCHAR(100),
    os            VARCHAR(100),
    device        VARCHAR(10) NOT NULL,
    bot           BOOLEAN NOT NULL,
    country       CHAR(2),
    visitor       CHAR(16) NOT NULL
) PARTITION BY RANGE (at);
-- GET /events/{id}, paging by id, and the url_id / user_id filters of GET /events
CREATE INDEX clicks_id_idx ON clicks (id);
CREATE INDEX clicks_url_id_idx ON clicks (url_id, id);
CREATE INDEX clicks_user_id_idx ON clicks (user_id, id);

-- One partition per UTC day, named clicks_pYYYYMMDD; created ahead by the service (and on demand
-- by a click writer that meets a day without one). Safe to call concurrently from every replica.
CREATE FUNCTION clicks_partition(day DATE) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  name TEXT := 'clicks_p' || to_char(day, 'YYYYMMDD');
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(name));
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF clicks FOR VALUES FROM (%L) TO (%L)',
                   name, day::timestamp, (day + 1)::timestamp);
  END IF;
END $$;
SELECT clicks_partition(d::date)
FROM generate_series(current_date - 1, current_date + 3, interval '1 day') AS d;

-- Rollups, upserted by the click writer in the same transaction as the raw rows it appends.
-- Per link and hour: every click, humans, bots, and visitors seen for the first time that UTC day
-- (so the hours of a day add up to the day's distinct visitors).
CREATE TABLE click_hourly (
    url_id   BIGINT NOT NULL,
    hour     TIMESTAMP NOT NULL,
    clicks   BIGINT NOT NULL,
    humans   BIGINT NOT NULL,
    bots     BIGINT NOT NULL,
    visitors BIGINT NOT NULL,
    PRIMARY KEY (url_id, hour)
);
-- Human clicks per link, hour and value of a dimension: 1 referrer host, 2 country, 3 browser,
-- 4 os, 5 device ('(direct)' / '(unknown)' stand for none).
CREATE TABLE click_dimensions (
    url_id    BIGINT NOT NULL,
    hour      TIMESTAMP NOT NULL,
    dimension SMALLINT NOT NULL,
    value     VARCHAR(255) NOT NULL,
    humans    BIGINT NOT NULL,
    PRIMARY KEY (url_id, hour, dimension, value)
);
-- The same per UTC day: top lists over days and longer read these (30 rows per value a month, not
-- 720); the hourly rows serve the partial days at a range's edges.
CREATE TABLE click_dimensions_daily (
    url_id    BIGINT NOT NULL,
    day       DATE NOT NULL,
    dimension SMALLINT NOT NULL,
    value     VARCHAR(255) NOT NULL,
    humans    BIGINT NOT NULL,
    PRIMARY KEY (url_id, day, dimension, value)
);
-- Which visitors each link has seen on a day: only the last days are needed (a day's count is final
-- once the day is over), older rows are deleted by the maintenance.
CREATE TABLE click_visitors (
    url_id  BIGINT NOT NULL,
    day     DATE NOT NULL,
    visitor BIGINT NOT NULL,
    PRIMARY KEY (url_id, day, visitor)
);
-- The secret of each UTC day's visitor hash, shared by the replicas; deleted after the day so that
-- nobody can tie a visitor id back to an address any more.
CREATE TABLE visitor_secrets (
    day    DATE PRIMARY KEY,
    secret BYTEA NOT NULL
);

-- Every event the API lists: API events, then clicks shaped as part 1's redirect events with the
-- enrichment beside the part-1 details. A click's url_id / user_id read as null once that row is gone.
CREATE VIEW event_log AS
SELECT id, url_id, user_id, event_type, timestamp, details FROM events
UNION ALL
SELECT c.id, u.id, s.id, 'redirect'::VARCHAR(50), c.at,
       jsonb_build_object('short_code', c.short_code, 'referrer', c.referrer, 'user_agent', c.user_agent,
                          'referrer_host', c.referrer_host, 'browser', c.browser, 'os', c.os,
                          'device', c.device, 'bot', c.bot, 'country', c.country, 'visitor', c.visitor)
FROM clicks c
LEFT JOIN urls u ON u.id = c.url_id
LEFT JOIN users s ON s.id = c.user_id;
