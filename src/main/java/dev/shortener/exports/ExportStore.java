package dev.shortener.exports;

import dev.shortener.db.Database;
import dev.shortener.db.Ownership;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.function.Function;

/** SQL of the CSV exports; both read through a server-side cursor. */
final class ExportStore {
  static final String LINKS_HEADER =
      "id,user_id,short_code,original_url,title,is_active,created_at,updated_at,expires_at,clicks";
  static final String CLICKS_HEADER = "id,timestamp,short_code,referrer,user_agent";

  /** Clicks are the link's redirect events, counted through events (url_id, id). */
  private static final String LINKS = """
      SELECT u.id, u.user_id, u.short_code, u.original_url, u.title, u.is_active, u.created_at, u.updated_at,
             u.expires_at,
             (SELECT count(*) FROM events e WHERE e.url_id = u.id AND e.event_type = 'redirect') AS clicks
      FROM urls u
      WHERE ($1::bigint IS NULL OR u.user_id = $1) AND %s
      ORDER BY u.id""".formatted(Ownership.ownedBy("u.user_id", 2));

  private static final String URL_EXISTS = "SELECT 1 FROM urls WHERE id = $1 AND " + Ownership.ownedBy("user_id", 2);

  private static final String CLICKS = """
      SELECT e.id, e.timestamp, e.details ->> 'short_code', e.details ->> 'referrer', e.details ->> 'user_agent'
      FROM events e
      WHERE e.url_id = $1 AND e.event_type = 'redirect'
        AND ($2::timestamp IS NULL OR e.timestamp >= $2)
        AND ($3::timestamp IS NULL OR e.timestamp < $3)
      ORDER BY e.id""";

  private final Database db;

  ExportStore(Database db) {
    this.db = db;
  }

  /** {@code owner}: the caller's user (only their links), null for an admin. */
  Future<Void> links(Long userId, Long owner, Function<RowStream<Row>, Future<Void>> consumer) {
    return db.stream(LINKS, Tuple.of(userId, owner), consumer);
  }

  /** False for a missing URL and for another user's (they look the same). */
  Future<Boolean> urlExists(long id, Long owner) {
    return db.query(URL_EXISTS, Tuple.of(id, owner)).map(rows -> rows.size() > 0);
  }

  Future<Void> clicks(long urlId, LocalDateTime from, LocalDateTime to, Function<RowStream<Row>, Future<Void>> consumer) {
    return db.stream(CLICKS, Tuple.of(urlId, from, to), consumer);
  }
}
