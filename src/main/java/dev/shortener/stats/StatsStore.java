package dev.shortener.stats;

import dev.shortener.db.Database;
import dev.shortener.db.Ownership;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stats from the rollups only (click_hourly, click_dimensions): a link with millions of clicks costs
 * at most its hours in the range, never its raw clicks. A scope is one link or all of a user's links.
 * The counting statements each take a connection of their own ({@link Database#readApart}), so that
 * one answer's statements, sent together, run side by side; the existence check is a key look-up on
 * the pipelined client. They may come from a read replica: stats lag clicks anyway (the click
 * writer batches them), and a replica is at most {@code database.replica-max-lag-ms} behind.
 */
final class StatsStore {
  enum Scope {
    URL("url_id = $1", "SELECT EXISTS (SELECT 1 FROM urls WHERE id = $1 AND " + Ownership.ownedBy("user_id", 2) + ")"),
    USER("url_id IN (SELECT id FROM urls WHERE user_id = $1)",
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND " + Ownership.ownedBy("id", 2) + ")");

    final String filter;
    final String exists;

    Scope(String filter, String exists) {
      this.filter = filter;
      this.exists = exists;
    }
  }

  /** $2 is date_trunc's unit; hours in [$3, $4). */
  private static final String SERIES = """
      SELECT date_trunc($2, hour) AS start, sum(clicks), sum(humans), sum(bots), sum(visitors)
      FROM click_hourly WHERE %s AND hour >= $3 AND hour < $4
      GROUP BY 1""";

  /**
   * At most 10 values per dimension, most human clicks first, ties by value. Whole days of the range
   * come from the daily rollup, the partial days at its edges ([$2, $4) and [$5, $3)) from the hourly
   * one: a month costs about 30 rows per value, not 720.
   */
  private static final String TOP = """
      SELECT dimension, value, clicks FROM (
        SELECT dimension, value, sum(humans) AS clicks,
               row_number() OVER (PARTITION BY dimension ORDER BY sum(humans) DESC, value) AS rank
        FROM (SELECT dimension, value, humans FROM click_dimensions_daily
              WHERE %1$s AND day >= $6 AND day < $7
              UNION ALL
              SELECT dimension, value, humans FROM click_dimensions WHERE %1$s AND hour >= $2 AND hour < $4
              UNION ALL
              SELECT dimension, value, humans FROM click_dimensions WHERE %1$s AND hour >= $5 AND hour < $3) counted
        GROUP BY dimension, value) ranked
      WHERE rank <= 10
      ORDER BY dimension, rank""";

  private static final String LINKS = """
      SELECT h.url_id, u.short_code, sum(h.clicks) AS clicks
      FROM click_hourly h JOIN urls u ON u.id = h.url_id
      WHERE u.user_id = $1 AND h.hour >= $2 AND h.hour < $3
      GROUP BY h.url_id, u.short_code
      ORDER BY clicks DESC, h.url_id
      LIMIT 10""";

  private final Database db;

  StatsStore(Database db) {
    this.db = db;
  }

  /** Whether the link or user exists and, for a user key ({@code owner} not null), is the key's user's. */
  Future<Boolean> exists(Scope scope, long id, Long owner) {
    // a link created a moment ago may not be on the replica yet: its absence is asked of the primary
    return db.read(scope.exists, Tuple.of(id, owner), rows -> !found(rows)).map(StatsStore::found);
  }

  /** Every bucket of the range, zeros included; the totals are their sums. */
  Future<List<Stats.Bucket>> series(Scope scope, long id, StatsRange range) {
    return db.readApart(SERIES.formatted(scope.filter),
        Tuple.of(id, range.interval().sqlName(), range.from(), range.to())).map(rows -> {
          Map<LocalDateTime, Row> byStart = new HashMap<>();
          rows.forEach(row -> byStart.put(row.getLocalDateTime(0), row));
          List<Stats.Bucket> series = new ArrayList<>(range.buckets().size());
          for (LocalDateTime start : range.buckets()) {
            Row row = byStart.get(start);
            series.add(row == null ? new Stats.Bucket(start, 0, 0, 0, 0)
                : new Stats.Bucket(start, sum(row, 1), sum(row, 2), sum(row, 3), sum(row, 4)));
          }
          return series;
        });
  }

  Future<Stats.Top> top(Scope scope, long id, StatsRange range) {
    LocalDate firstDay = range.from().toLocalTime().equals(LocalTime.MIDNIGHT)
        ? range.from().toLocalDate() : range.from().toLocalDate().plusDays(1);
    LocalDate endDay = range.to().toLocalDate();
    if (!firstDay.isBefore(endDay)) {
      firstDay = endDay; // no whole day: the hourly rows cover it all
    }
    LocalDateTime headEnd = firstDay.equals(endDay) ? range.to() : firstDay.atStartOfDay();
    LocalDateTime tailStart = firstDay.equals(endDay) ? range.to() : endDay.atStartOfDay();
    Tuple args = Tuple.of(id, range.from(), range.to(), headEnd, tailStart, firstDay, endDay);
    return db.readApart(TOP.formatted(scope.filter), args).map(rows -> {
      List<List<Stats.Count>> lists = new ArrayList<>();
      for (int d = 0; d < 5; d++) {
        lists.add(new ArrayList<>());
      }
      for (Row row : rows) {
        lists.get(row.getShort(0) - 1).add(new Stats.Count(row.getString(1), row.getLong(2)));
      }
      return new Stats.Top(lists.get(0), lists.get(1), lists.get(2), lists.get(3), lists.get(4));
    });
  }

  Future<List<Stats.Link>> links(long userId, StatsRange range) {
    return db.readApart(LINKS, Tuple.of(userId, range.from(), range.to())).map(rows -> {
      List<Stats.Link> links = new ArrayList<>();
      rows.forEach(row -> links.add(new Stats.Link(row.getLong(0), row.getString(1), row.getLong(2))));
      return links;
    });
  }

  private static boolean found(RowSet<Row> rows) {
    return rows.iterator().next().getBoolean(0);
  }

  private static long sum(Row row, int column) {
    Number value = (Number) row.getValue(column);
    return value == null ? 0 : value.longValue();
  }
}
