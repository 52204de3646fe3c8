package dev.shortener.exports;

import dev.shortener.db.Database;
import dev.shortener.db.Ownership;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.function.Function;

/**
 * SQL of the CSV exports; both read through a server-side cursor on a read replica when one is
 * usable ({@link Database#readStream}): an export is a snapshot of a moment at most
 * {@code database.replica-max-lag-ms} ago, and its long scan costs the primary nothing.
 */
final class ExportStore {
  static final String LINKS_HEADER =
      "id,user_id,short_code,original_url,title,is_active,created_at,updated_at,expires_at,clicks";
  static final String CLICKS_HEADER = "id,timestamp,short_code,referrer,user_agent";

  /** Clicks come from the click rollups, the numbers stats show (the raw log may be cut by retention). */
  private static final String LINKS = """
      SELECT u.id, u.user_id, u.short_code, u.original_url, u.title, u.is_active, u.created_at, u.updated_at,
             u.expires_at,
             (SELECT COALESCE(sum(h.clicks), 0) FROM click_hourly h WHERE h.url_id = u.id) AS clicks
      FROM urls u
      WHERE ($1::bigint IS NULL OR u.user_id = $1) AND %s
      ORDER BY u.id""".formatted(Ownership.ownedBy("u.user_id", 2));

  private static final String URL_EXISTS = "SELECT 1 FROM urls WHERE id = $1 AND " + Ownership.ownedBy("user_id", 2);

  /** The raw click log (partitioned by {@code at}, so a range reads only its days). */
  private static final String CLICKS = """
      SELECT c.id, c.at, c.short_code, c.referrer, c.user_agent
      FROM clicks c
      WHERE c.url_id = $1
        AND ($2::timestamp IS NULL OR c.at >= $2)
        AND ($3::timestamp IS NULL OR c.at < $3)
      ORDER BY c.id""";

  private final Database db;

  ExportStore(Database db) {
    this.db = db;
  }

  /** {@code owner}: the caller's user (only their links), null for an admin. */
  Future<Void> links(Long userId, Long owner, Function<RowStream<Row>, Future<Void>> consumer) {
    return db.readStream(LINKS, Tuple.of(userId, owner), consumer);
  }

  /** False for a missing URL and for another user's (they look the same). */
  Future<Boolean> urlExists(long id, Long owner) {
    // a link created a moment ago may not be on the replica yet: its absence is asked of the primary
    return db.read(URL_EXISTS, Tuple.of(id, owner), rows -> rows.size() == 0).map(rows -> rows.size() > 0);
  }

  Future<Void> clicks(long urlId, LocalDateTime from, LocalDateTime to, Function<RowStream<Row>, Future<Void>> consumer) {
    return db.readStream(CLICKS, Tuple.of(urlId, from, to), consumer);
  }
}
