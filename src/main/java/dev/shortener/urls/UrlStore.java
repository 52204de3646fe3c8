package dev.shortener.urls;

import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import dev.shortener.clicks.RollupPurge;
import dev.shortener.db.ListQuery;
import dev.shortener.db.Ownership;
import dev.shortener.validation.Timestamps;
import dev.shortener.webhooks.WebhookOutbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for URLs. Each write and the event describing it are one statement, hence one transaction. */
final class UrlStore {
  /** The `created` event of every row of the CTE {@code created}, and those rows as the result. */
  private static final String CREATED_EVENTS = UrlEvents.CREATED + """

      SELECT %s FROM created""".formatted(ShortUrl.COLUMNS);

  /** No row back means the code was taken (only the short_code conflict is absorbed). */
  private static final String INSERT = """
      WITH created AS (
        INSERT INTO urls (user_id, short_code, original_url, title, expires_at, created_at, updated_at,
                          redirect_status, tags, password_hash, max_visits, rules)
        VALUES ($1, $2, $3, $4, $5, $6, $6, $7, COALESCE($8, '{}'), $9, $10, $11::jsonb)
        ON CONFLICT (short_code) DO NOTHING
        RETURNING *
      ), %s""".formatted(CREATED_EVENTS);

  /**
   * Many creates in one statement and one commit (see {@link UrlInserts}). Rows whose user is gone
   * or whose code is taken are left out and come back missing; the caller retries those one by one.
   */
  private static final String INSERT_ALL = """
      WITH input AS (
        SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamp[], $6::timestamp[])
             WITH ORDINALITY AS t(user_id, short_code, original_url, title, expires_at, at, ord)
      ), created AS (
        INSERT INTO urls (user_id, short_code, original_url, title, expires_at, created_at, updated_at)
        SELECT i.user_id, i.short_code, i.original_url, i.title, i.expires_at, i.at, i.at
        FROM input i
        WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id)
        ORDER BY i.ord
        ON CONFLICT (short_code) DO NOTHING
        RETURNING *
      ), %s""".formatted(CREATED_EVENTS);

  private static final String FIND = "SELECT " + ShortUrl.COLUMNS + " FROM urls WHERE id = $1 AND "
      + Ownership.ownedBy("user_id", 2);

  private static final String UPDATE = """
      WITH updated AS (
        UPDATE urls SET
          title        = COALESCE($2, title),
          is_active    = COALESCE($3, is_active),
          original_url = COALESCE($4, original_url),
          expires_at   = CASE WHEN $5 THEN $6 ELSE expires_at END,
          redirect_status = CASE WHEN $9 THEN $10 ELSE redirect_status END,
          tags         = COALESCE($11, tags),
          password_hash = CASE WHEN $12 THEN $13 ELSE password_hash END,
          max_visits   = CASE WHEN $14 THEN $15 ELSE max_visits END,
          rules        = CASE WHEN $16 THEN $17::jsonb ELSE rules END,
          updated_at   = GREATEST(now() AT TIME ZONE 'utc', updated_at + interval '1 microsecond')
        WHERE id = $1 AND %s
        RETURNING *
      ), event AS (
        INSERT INTO events (url_id, user_id, event_type, timestamp, details)
        SELECT id, user_id, 'updated', updated_at, $7::jsonb FROM updated
      ), %s
      SELECT %s FROM updated""".formatted(Ownership.ownedBy("user_id", 8),
      WebhookOutbox.fanOut("updated_hooks", WebhookOutbox.LINK_UPDATED,
          "SELECT user_id, updated_at AS occurred_at, " + WebhookOutbox.linkData("updated") + " AS data FROM updated"),
      ShortUrl.COLUMNS);

  private static final String DELETE = """
      WITH gone AS (DELETE FROM urls WHERE id = $1 AND %s RETURNING *), %s
      SELECT short_code FROM gone""".formatted(Ownership.ownedBy("user_id", 2),
      WebhookOutbox.fanOut("deleted_hooks", WebhookOutbox.LINK_DELETED,
          "SELECT user_id, now() AT TIME ZONE 'utc' AS occurred_at, " + WebhookOutbox.linkData("gone") + " AS data FROM gone"));

  private final Database db;
  private final AppConfig.Links links;

  UrlStore(Database db, AppConfig.Links links) {
    this.db = db;
    this.links = links;
  }

  /** Row → URL object, with what the configuration adds (short_url). */
  ShortUrl toUrl(Row row) {
    return ShortUrl.from(row, links);
  }

  /** The created URL, or {@link Shortener.CodeTaken}. */
  Future<Shortener.Creation> insert(NewUrl url, String code) {
    LocalDateTime now = Timestamps.now();
    LinkSettings settings = url.settings();
    Tuple args = Tuple.of(url.userId(), code, url.originalUrl(), url.title(), url.expiresAt(), now)
        .addValue(smallint(settings.redirectStatus().orNull()))
        .addArrayOfString(strings(settings.tags().orNull()))
        .addString(settings.password().orNull())
        .addInteger(settings.maxVisits().orNull())
        .addValue(settings.rules().orNull());
    return db.query(INSERT, args)
        .map(rows -> first(rows).<Shortener.Creation>map(Shortener.Created::new).orElse(new Shortener.CodeTaken(code)));
  }

  /** The URLs created, in any order; those missing were not (user gone, code taken). */
  Future<List<ShortUrl>> insertAll(List<NewUrl> urls, List<String> codes) {
    int n = urls.size();
    Long[] users = new Long[n];
    String[] shortCodes = new String[n];
    String[] targets = new String[n];
    String[] titles = new String[n];
    LocalDateTime[] expires = new LocalDateTime[n];
    LocalDateTime[] at = new LocalDateTime[n];
    LocalDateTime now = Timestamps.now();
    for (int i = 0; i < n; i++) {
      NewUrl url = urls.get(i);
      users[i] = url.userId();
      shortCodes[i] = codes.get(i);
      targets[i] = url.originalUrl();
      titles[i] = url.title();
      expires[i] = url.expiresAt();
      at[i] = now;
    }
    Tuple args = Tuple.tuple().addArrayOfLong(users).addArrayOfString(shortCodes).addArrayOfString(targets)
        .addArrayOfString(titles).addArrayOfLocalDateTime(expires).addArrayOfLocalDateTime(at);
    return db.query(INSERT_ALL, args).map(rows -> {
      List<ShortUrl> created = new ArrayList<>(rows.size());
      rows.forEach(row -> created.add(toUrl(row)));
      return created;
    });
  }

  Future<Optional<ShortUrl>> find(long id, Long owner) {
    return db.query(FIND, Tuple.of(id, owner)).map(this::first);
  }

  Future<Optional<ShortUrl>> update(long id, Long owner, UrlChanges changes) {
    LinkSettings settings = changes.settings();
    Tuple args = Tuple.of(id, changes.title(), changes.isActive(), changes.originalUrl(), changes.expiresAtSet(),
        changes.expiresAt(), changes.submitted(), owner)
        .addBoolean(settings.redirectStatus().present()).addValue(smallint(settings.redirectStatus().orNull()))
        .addArrayOfString(strings(settings.tags().orNull()))
        .addBoolean(settings.password().present()).addString(settings.password().orNull())
        .addBoolean(settings.maxVisits().present()).addInteger(settings.maxVisits().orNull())
        .addBoolean(settings.rules().present()).addValue(settings.rules().orNull());
    return db.query(UPDATE, args).map(this::first);
  }

  /**
   * The deleted URL's short code; empty when there was no such URL (or not the owner's). The events
   * foreign key nulls its API events; its clicks stay in the log untouched (the event_log view shows
   * their url_id as null), so no click writer waits for a delete, however many events the URL has.
   */
  Future<Optional<String>> delete(long id, Long owner) {
    return Database.retryingDeadlocks(() -> db.query(DELETE, Tuple.of(id, owner))).compose(deleted -> {
      if (deleted.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      String code = deleted.iterator().next().getString(0);
      return RollupPurge.forget(db, List.of(id)).map(Optional.of(code));
    });
  }

  ListQuery list(Long owner, Long userId, Boolean isActive, String tag, String search) {
    return new ListQuery(db, "SELECT " + ShortUrl.COLUMNS + " FROM urls")
        .where("user_id", owner)
        .where("user_id", userId)
        .where("is_active", isActive)
        .whereContains("tags", tag)
        .containsAny(search, "short_code", "original_url", "title");
  }

  private static String[] strings(List<String> values) {
    return values == null ? null : values.toArray(String[]::new);
  }

  private static Short smallint(Integer value) {
    return value == null ? null : value.shortValue();
  }

  private Optional<ShortUrl> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toUrl(rows.iterator().next()));
  }
}
