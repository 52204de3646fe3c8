package dev.shortener.urls;

import dev.shortener.db.Database;
import dev.shortener.db.EventReferences;
import dev.shortener.db.ListQuery;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;

/** SQL for URLs. Each write and the event describing it are one statement, hence one transaction. */
final class UrlStore {
  /** No row back means the code was taken (only the short_code conflict is absorbed). */
  private static final String INSERT = """
      WITH created AS (
        INSERT INTO urls (user_id, short_code, original_url, title, expires_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $6)
        ON CONFLICT (short_code) DO NOTHING
        RETURNING *
      ), event AS (
        INSERT INTO events (url_id, user_id, event_type, timestamp, details)
        SELECT id, user_id, 'created', created_at,
               jsonb_build_object('short_code', short_code, 'original_url', original_url)
        FROM created
      )
      SELECT %s FROM created""".formatted(ShortUrl.COLUMNS);

  private static final String FIND = "SELECT " + ShortUrl.COLUMNS + " FROM urls WHERE id = $1";

  private static final String UPDATE = """
      WITH updated AS (
        UPDATE urls SET
          title        = COALESCE($2, title),
          is_active    = COALESCE($3, is_active),
          original_url = COALESCE($4, original_url),
          expires_at   = CASE WHEN $5 THEN $6 ELSE expires_at END,
          updated_at   = GREATEST(now() AT TIME ZONE 'utc', updated_at + interval '1 microsecond')
        WHERE id = $1
        RETURNING *
      ), event AS (
        INSERT INTO events (url_id, user_id, event_type, timestamp, details)
        SELECT id, user_id, 'updated', updated_at, $7::jsonb FROM updated
      )
      SELECT %s FROM updated""".formatted(ShortUrl.COLUMNS);

  private static final String DELETE = "DELETE FROM urls WHERE id = $1 RETURNING short_code";

  /** What ON DELETE SET NULL did; a statement after the DELETE, so it sees every event written before. */
  private static final String UNLINK_EVENTS = "UPDATE events SET url_id = NULL WHERE url_id = $1";

  private final Database db;

  UrlStore(Database db) {
    this.db = db;
  }

  Database db() {
    return db;
  }

  /** Null when {@code code} is taken. */
  Future<ShortUrl> insert(UrlValidation.NewUrl url, String code) {
    LocalDateTime now = Timestamps.now();
    return db.query(INSERT, Tuple.of(url.userId(), code, url.originalUrl(), url.title(), url.expiresAt(), now))
        .map(UrlStore::firstOrNull);
  }

  Future<ShortUrl> find(long id) {
    return db.query(FIND, Tuple.of(id)).map(UrlStore::firstOrNull);
  }

  Future<ShortUrl> update(long id, UrlValidation.Changes changes) {
    Tuple args = Tuple.of(id, changes.title(), changes.isActive(), changes.originalUrl(), changes.expiresAtSet(),
        changes.expiresAt(), changes.submitted());
    return db.query(UPDATE, args).map(UrlStore::firstOrNull);
  }

  /** The deleted URL's short code, or null when there was none. */
  Future<String> delete(long id) {
    Tuple args = Tuple.of(id);
    return db.transaction(conn -> conn.query(EventReferences.LOCK_EXCLUSIVE).execute()
        .compose(locked -> conn.preparedQuery(DELETE).execute(args))
        .compose(deleted -> {
          if (deleted.size() == 0) {
            return Future.succeededFuture(null);
          }
          String code = deleted.iterator().next().getString(0);
          return conn.preparedQuery(UNLINK_EVENTS).execute(args).map(unlinked -> code);
        }));
  }

  ListQuery list(Long userId, Boolean isActive) {
    return new ListQuery("SELECT " + ShortUrl.COLUMNS + " FROM urls")
        .where("user_id", userId)
        .where("is_active", isActive);
  }

  private static ShortUrl firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : ShortUrl.from(rows.iterator().next());
  }
}
