package dev.shortener.clicks;

import dev.shortener.analytics.ClientTraits;
import dev.shortener.db.Database;
import dev.shortener.webhooks.WebhookOutbox;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes a batch of enriched clicks: the raw rows appended to the {@code clicks} log and the rollups
 * upserted, in one transaction, so stats always equal the rows written. No lock and no look-up of
 * the URL or user: the log keeps ids as the redirect saw them (the event_log view shows a gone
 * row's id as null), so deletes and click writers never wait for each other.
 */
final class ClickStore {
  /**
   * The batch's id, first in its transaction: a retry of a batch that did commit (its statement
   * timed out for the client) finds its id and writes nothing, neither log rows nor rollups. It also
   * answers whether any webhook wants the batch's clicks (most installations have none: then the
   * click arrays are sent once, not twice).
   */
  private static final String CLAIM = "INSERT INTO click_batches (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING "
      + WebhookOutbox.CLICKS_WANTED;

  /** Batch ids only need to outlive the retries of their batch. */
  private static final String PRUNE = "DELETE FROM click_batches WHERE written_at < (now() AT TIME ZONE 'utc') - interval '1 day'";

  /** The raw rows of a batch, as the arrays of {@link #raw}: $1..$13. */
  private static final String ROWS = """
      unnest($1::timestamp[], $2::bigint[], $3::bigint[], $4::varchar[], $5::varchar[], $6::varchar[],
             $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::bool[], $12::varchar[],
             $13::varchar[])""";

  private static final String COLUMNS = """
      at, url_id, user_id, short_code, referrer, user_agent, referrer_host, browser, os, device, bot, country,
      visitor""";

  private static final String APPEND = """
      INSERT INTO clicks (id, %1$s)
      SELECT nextval('events_id_seq'), c.* FROM %2$s AS c(%1$s)""".formatted(COLUMNS, ROWS);

  /** Backfilled clicks keep the ids their events had ($14): GET /events/{id} still finds them. */
  private static final String APPEND_KEEPING_IDS = """
      INSERT INTO clicks (id, %1$s)
      SELECT ($14::bigint[])[c.n], c.at, c.url_id, c.user_id, c.short_code, c.referrer, c.user_agent,
             c.referrer_host, c.browser, c.os, c.device, c.bot, c.country, c.visitor
      FROM %2$s WITH ORDINALITY AS c(%1$s, n)""".formatted(COLUMNS, ROWS);

  /**
   * The next listed redirect events (V67's click_backfill) to move, read without locking: their user
   * agents are parsed before the move's transaction, which then finds them cached.
   */
  private static final String BACKFILL_PEEK = """
      SELECT b.id, e.url_id, e.user_id, e.timestamp, e.details ->> 'short_code', e.details ->> 'referrer',
             e.details ->> 'user_agent'
      FROM (SELECT id FROM click_backfill ORDER BY id LIMIT $1) b LEFT JOIN events e ON e.id = b.id""";

  /** Claims listed ids; another replica's claim is skipped, not waited for. */
  private static final String BACKFILL_TAKE = """
      DELETE FROM click_backfill
      WHERE id IN (SELECT id FROM click_backfill WHERE id = ANY($1::bigint[]) FOR UPDATE SKIP LOCKED)
      RETURNING id""";

  /**
   * Takes the claimed events out of events (V67's conditions again: an edit since the listing may have
   * made one something else) and returns them as clicks: the short code, referrer and user agent of
   * part 1's details, cut to the log's widths; the link's current code and owner when the event lacks
   * them.
   */
  private static final String BACKFILL_MOVE = """
      DELETE FROM events e USING urls u
      WHERE e.id = ANY($1::bigint[]) AND u.id = e.url_id AND e.event_type = 'redirect'
        AND jsonb_typeof(e.details) = 'object' AND NOT e.details ? 'visitor'
      RETURNING e.id, e.url_id, COALESCE(e.user_id, u.user_id), e.timestamp,
                left(COALESCE(e.details ->> 'short_code', u.short_code), 32),
                left(e.details ->> 'referrer', 512), left(e.details ->> 'user_agent', 512)""";

  /** Each day's partition, where none holds the day yet (the long-past days live in one, clicks_b*). */
  private static final String PARTITIONS = "SELECT clicks_partition(d) FROM unnest($1::date[]) AS d";

  /** The visitors new for their link and day, counted by the hour of their first click. */
  private static final String VISITORS = """
      WITH v AS (SELECT * FROM unnest($1::bigint[], $2::date[], $3::bigint[], $4::timestamp[])
                 AS v(url_id, day, visitor, hour)),
           seen AS (INSERT INTO click_visitors (url_id, day, visitor)
                    SELECT url_id, day, visitor FROM v
                    ON CONFLICT DO NOTHING
                    RETURNING url_id, day, visitor)
      SELECT v.url_id, v.hour, count(*) FROM seen JOIN v USING (url_id, day, visitor) GROUP BY 1, 2""";

  private static final String HOURLY = """
      INSERT INTO click_hourly AS h (url_id, hour, clicks, humans, bots, visitors)
      SELECT * FROM unnest($1::bigint[], $2::timestamp[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
      ON CONFLICT (url_id, hour) DO UPDATE SET
        clicks = h.clicks + EXCLUDED.clicks, humans = h.humans + EXCLUDED.humans,
        bots = h.bots + EXCLUDED.bots, visitors = h.visitors + EXCLUDED.visitors""";

  private static final String DIMENSIONS = """
      INSERT INTO click_dimensions AS d (url_id, hour, dimension, value, humans)
      SELECT * FROM unnest($1::bigint[], $2::timestamp[], $3::smallint[], $4::varchar[], $5::bigint[])
      ON CONFLICT (url_id, hour, dimension, value) DO UPDATE SET humans = d.humans + EXCLUDED.humans""";

  private static final String DIMENSIONS_DAILY = """
      INSERT INTO click_dimensions_daily AS d (url_id, day, dimension, value, humans)
      SELECT * FROM unnest($1::bigint[], $2::date[], $3::smallint[], $4::varchar[], $5::bigint[])
      ON CONFLICT (url_id, day, dimension, value) DO UPDATE SET humans = d.humans + EXCLUDED.humans""";

  static final String PARTITION = "SELECT clicks_partition($1::date)";

  /** PostgreSQL's check_violation, which is what "no partition of relation found for row" is. */
  private static final String NO_PARTITION = "23514";

  private final Database db;
  /** Visitors already in click_visitors, not sent again; null: none known (the backfill has no visitors). */
  private final KnownVisitors known;

  ClickStore(Database db, KnownVisitors known) {
    this.db = db;
    this.known = known;
  }

  /**
   * Writes the batch unless a batch with this id was written before (a retry after a failure that
   * did commit); the result is the number of clicks appended, 0 for such a retry.
   */
  Future<Integer> insert(UUID batchId, List<EnrichedClick> clicks) {
    ClickRollups rollups = ClickRollups.of(clicks);
    return write(batchId, clicks, rollups).recover(failure -> {
      if (!(failure instanceof PgException pg) || !NO_PARTITION.equals(pg.getSqlState())) {
        return Future.failedFuture(failure);
      }
      // A day the maintenance has not prepared yet (a clock far ahead, a long outage): create and retry.
      Future<Void> created = Future.succeededFuture();
      for (LocalDate day : daysOf(clicks.stream().map(EnrichedClick::click).toList())) {
        created = created.compose(v -> db.query(PARTITION, Tuple.of(day)).mapEmpty());
      }
      return created.compose(v -> write(batchId, clicks, rollups));
    });
  }

  private Future<Integer> write(UUID batchId, List<EnrichedClick> clicks, ClickRollups rollups) {
    Tuple raw = raw(clicks);
    // a visitor this replica saw committed is not new: only the others go to the database
    List<Map.Entry<ClickRollups.Visitor, LocalDateTime>> unknown = new ArrayList<>();
    for (var visitor : rollups.visitors().entrySet()) {
      if (known == null || !known.known(visitor.getKey())) {
        unknown.add(visitor);
      }
    }
    ClickRollups.sortVisitors(unknown);
    return db.transaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(batchId)).compose(claimed -> claimed
        .rowCount() == 0 ? Future.succeededFuture(0) : conn.preparedQuery(APPEND).execute(raw)
            // link.clicked goes to the webhook outbox in the same transaction as the log and rollups
            .compose(appended -> !claimed.iterator().next().getBoolean(0) ? Future.succeededFuture(appended)
                : WebhookOutbox.appendClicks(conn, outboxArgs(raw)).map(appended))
            .compose(appended -> (unknown.isEmpty() ? Future.succeededFuture(Map.<ClickRollups.Hour, Long>of())
                    : conn.preparedQuery(VISITORS).execute(visitors(unknown)).map(ClickStore::newVisitors))
                .compose(seen -> upsertRollups(conn, rollups, seen))
                .map(d -> appended.rowCount()))))
        .onSuccess(written -> {
          if (known != null) {
            unknown.forEach(visitor -> known.add(visitor.getKey())); // committed now (or by the attempt that did)
          }
        });
  }

  /** One statement of a rollup write with its arguments. */
  private record Step(String sql, Tuple args) {}

  /**
   * The hourly and dimension upserts of a batch, in the order every writer runs them (the same
   * table order everywhere, each table's rows in key order: see {@link ClickRollups}), for the
   * reactive writers and the import's JDBC transaction alike.
   */
  private static List<Step> rollupSteps(ClickRollups rollups, Map<ClickRollups.Hour, Long> newVisitors) {
    List<Step> steps = new ArrayList<>(3);
    steps.add(new Step(HOURLY, hourly(rollups, newVisitors)));
    if (!rollups.dimensions().isEmpty()) {
      steps.add(new Step(DIMENSIONS, dimensions(rollups.dimensions(), false)));
      steps.add(new Step(DIMENSIONS_DAILY, dimensions(rollups.dailyDimensions(), true)));
    }
    return steps;
  }

  private static Future<Void> upsertRollups(SqlConnection conn, ClickRollups rollups,
      Map<ClickRollups.Hour, Long> newVisitors) {
    Future<Void> done = Future.succeededFuture();
    for (Step step : rollupSteps(rollups, newVisitors)) {
      done = done.compose(v -> conn.preparedQuery(step.sql()).execute(step.args()).mapEmpty());
    }
    return done;
  }

  /**
   * The next {@code limit} listed ids (into {@code ids}; also those whose event is gone, so that the
   * move drops them from the list) and, as clicks, their events that are still there.
   */
  Future<List<Click>> peekBackfill(int limit, List<Long> ids) {
    return db.query(BACKFILL_PEEK, Tuple.of(limit)).map(rows -> {
      rows.forEach(row -> ids.add(row.getLong(0)));
      return legacyClicks(rows, new ArrayList<>());
    });
  }

  /**
   * Moves the listed redirect events {@code ids} this replica can claim into the click log and the
   * rollups, in one transaction, with {@code enrich} (no client address: no visitor, no country, no
   * webhook for a click long past). Returns how many listed ids it took; 0 when all were taken.
   */
  Future<Integer> backfill(List<Long> ids, Function<List<Click>, Future<List<EnrichedClick>>> enrich) {
    Long[] wanted = ids.toArray(Long[]::new);
    return db.transaction(conn -> conn.preparedQuery(BACKFILL_TAKE).execute(Tuple.of((Object) wanted))
        .compose(taken -> {
          if (taken.rowCount() == 0) {
            return Future.succeededFuture(0);
          }
          Long[] claimed = new Long[taken.rowCount()];
          int i = 0;
          for (Row row : taken) {
            claimed[i++] = row.getLong(0);
          }
          List<Long> moved = new ArrayList<>();
          return conn.preparedQuery(BACKFILL_MOVE).execute(Tuple.of((Object) claimed))
              .map(rows -> legacyClicks(rows, moved))
              .compose(enrich)
              .compose(clicks -> clicks.isEmpty() ? Future.succeededFuture()
                  : conn.preparedQuery(PARTITIONS).execute(Tuple.of((Object) daysOf(
                      clicks.stream().map(EnrichedClick::click).toList()).toArray(LocalDate[]::new)))
                      .compose(p -> conn.preparedQuery(APPEND_KEEPING_IDS)
                          .execute(raw(clicks).addValue(moved.toArray(Long[]::new))))
                      .compose(a -> upsertRollups(conn, ClickRollups.of(clicks), Map.of())))
              .map(v -> claimed.length);
        }));
  }

  /**
   * Rows of {@link #BACKFILL_PEEK} or {@link #BACKFILL_MOVE} as clicks, those without a link left out;
   * their event ids go to {@code ids}, in the same order.
   */
  private static List<Click> legacyClicks(Iterable<Row> rows, List<Long> ids) {
    List<Click> clicks = new ArrayList<>();
    for (Row row : rows) {
      if (row.getLong(1) == null || row.getLocalDateTime(3) == null) {
        continue;
      }
      ids.add(row.getLong(0));
      Long user = row.getLong(2);
      clicks.add(new Click(row.getLong(1), user == null ? 0 : user, row.getString(4), row.getString(5),
          row.getString(6), row.getLocalDateTime(3), null));
    }
    return clicks;
  }

  /**
   * The rollup half of {@link #write}, over a JDBC connection, for clicks the bulk import appended in
   * its own transaction ({@link ClickImport}): the same statements with the same arrays.
   */
  static void rollUp(Connection conn, List<EnrichedClick> clicks) throws SQLException {
    ClickRollups rollups = ClickRollups.of(clicks);
    Map<ClickRollups.Hour, Long> seen = new HashMap<>();
    try (PreparedStatement st = jdbc(conn, VISITORS, visitors(ClickRollups.sortVisitors(new ArrayList<>(rollups.visitors().entrySet()))));
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        seen.put(new ClickRollups.Hour(rs.getLong(1), rs.getObject(2, LocalDateTime.class)), rs.getLong(3));
      }
    }
    for (Step step : rollupSteps(rollups, seen)) {
      try (PreparedStatement st = jdbc(conn, step.sql(), step.args())) {
        st.executeUpdate();
      }
    }
  }

  /**
   * One of this class's statements for JDBC: each {@code $n} (used once, in order) becomes {@code ?},
   * each array is sent as text[], which the statement's own casts ({@code $1::bigint[]}) convert.
   */
  private static PreparedStatement jdbc(Connection conn, String sql, Tuple args) throws SQLException {
    PreparedStatement st = conn.prepareStatement(sql.replaceAll("\\$\\d+", "?"));
    for (int i = 0; i < args.size(); i++) {
      Object[] values = (Object[]) args.getValue(i);
      String[] text = new String[values.length];
      for (int j = 0; j < values.length; j++) {
        text[j] = values[j] == null ? null : values[j].toString();
      }
      st.setArray(i + 1, conn.createArrayOf("text", text));
    }
    return st;
  }

  /** The outbox hook's arrays (url_id, user_id, time, code, referrer, user agent) out of {@link #raw}'s. */
  private static Tuple outboxArgs(Tuple raw) {
    return Tuple.of(raw.getValue(1), raw.getValue(2), raw.getValue(0), raw.getValue(3), raw.getValue(4),
        raw.getValue(5));
  }

  private static Tuple raw(List<EnrichedClick> clicks) {
    int n = clicks.size();
    LocalDateTime[] at = new LocalDateTime[n];
    Long[] urlIds = new Long[n];
    Long[] userIds = new Long[n];
    String[] codes = new String[n];
    String[] referrers = new String[n];
    String[] agents = new String[n];
    String[] hosts = new String[n];
    String[] browsers = new String[n];
    String[] systems = new String[n];
    String[] devices = new String[n];
    Boolean[] bots = new Boolean[n];
    String[] countries = new String[n];
    String[] visitors = new String[n];
    for (int i = 0; i < n; i++) {
      EnrichedClick e = clicks.get(i);
      Click click = e.click();
      ClientTraits traits = e.traits();
      at[i] = click.at();
      urlIds[i] = click.urlId();
      userIds[i] = click.userId();
      codes[i] = click.shortCode();
      referrers[i] = click.referrer();
      agents[i] = click.userAgent();
      hosts[i] = e.referrerHost();
      browsers[i] = cut(traits.browser(), 100);
      systems[i] = cut(traits.os(), 100);
      devices[i] = traits.device();
      bots[i] = traits.bot();
      countries[i] = e.country();
      visitors[i] = e.visitor();
    }
    return Tuple.of(at, urlIds, userIds, codes, referrers, agents, hosts, browsers, systems, devices, bots, countries)
        .addValue(visitors);
  }

  /** The visitors statement's arrays: each visitor with the hour of its first click in the batch. */
  private static Tuple visitors(Collection<Map.Entry<ClickRollups.Visitor, LocalDateTime>> visitors) {
    int n = visitors.size();
    Long[] urlIds = new Long[n];
    LocalDate[] days = new LocalDate[n];
    Long[] ids = new Long[n];
    LocalDateTime[] hours = new LocalDateTime[n];
    int i = 0;
    for (var e : visitors) {
      urlIds[i] = e.getKey().urlId();
      days[i] = e.getKey().day();
      ids[i] = e.getKey().visitor();
      hours[i++] = e.getValue();
    }
    return Tuple.of(urlIds, days, ids, hours);
  }

  private static Map<ClickRollups.Hour, Long> newVisitors(Iterable<Row> rows) {
    Map<ClickRollups.Hour, Long> counts = new HashMap<>();
    for (Row row : rows) {
      counts.put(new ClickRollups.Hour(row.getLong(0), row.getLocalDateTime(1)), row.getLong(2));
    }
    return counts;
  }

  private static Tuple hourly(ClickRollups rollups, Map<ClickRollups.Hour, Long> newVisitors) {
    int n = rollups.hourly().size();
    Long[] urlIds = new Long[n];
    LocalDateTime[] hours = new LocalDateTime[n];
    Long[] clicks = new Long[n];
    Long[] humans = new Long[n];
    Long[] bots = new Long[n];
    Long[] visitors = new Long[n];
    int i = 0;
    for (var e : rollups.hourly().entrySet()) {
      long[] counts = e.getValue();
      urlIds[i] = e.getKey().urlId();
      hours[i] = e.getKey().hour();
      clicks[i] = counts[ClickRollups.CLICKS];
      humans[i] = counts[ClickRollups.HUMANS];
      bots[i] = counts[ClickRollups.BOTS];
      visitors[i++] = newVisitors.getOrDefault(e.getKey(), 0L);
    }
    return Tuple.of(urlIds, hours, clicks, humans, bots, visitors);
  }

  /** The rows of click_dimensions, or of click_dimensions_daily ({@code days}: the key's hour as a date). */
  private static Tuple dimensions(Map<ClickRollups.Dimension, Long> rows, boolean days) {
    int n = rows.size();
    Long[] urlIds = new Long[n];
    Object[] times = days ? new LocalDate[n] : new LocalDateTime[n];
    Short[] codes = new Short[n];
    String[] values = new String[n];
    Long[] humans = new Long[n];
    int i = 0;
    for (var e : rows.entrySet()) {
      urlIds[i] = e.getKey().urlId();
      times[i] = days ? e.getKey().hour().toLocalDate() : e.getKey().hour();
      codes[i] = e.getKey().code();
      values[i] = e.getKey().value();
      humans[i++] = e.getValue();
    }
    return Tuple.of(urlIds, times, codes, values, humans);
  }

  private static String cut(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  /** The distinct UTC days of a batch, in first-seen order (usually one). */
  static List<LocalDate> daysOf(List<Click> clicks) {
    List<LocalDate> days = new ArrayList<>();
    for (Click click : clicks) {
      LocalDate day = click.at().toLocalDate();
      if (!days.contains(day)) {
        days.add(day);
      }
    }
    return days;
  }

  Future<Void> pruneBatchIds() {
    return db.query(PRUNE, Tuple.tuple()).mapEmpty();
  }
}
