package dev.shortener.clicks;

import dev.shortener.db.Database;
import dev.shortener.db.EventReferences;
import dev.shortener.webhooks.WebhookOutbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Writes a batch of clicks as redirect events in one multi-row INSERT, under the shared
 * {@link EventReferences} lock: a URL or user deleted since the click is written as null, as
 * ON DELETE SET NULL would have done had the event been written first.
 */
final class ClickStore {
  /**
   * The owner comes from the URL row; only a click whose URL is gone looks its user up. The URLs are
   * read once each by primary key (a batch often names few distinct ones), not joined row by row.
   */
  private static final String INSERT = """
      WITH live AS MATERIALIZED (SELECT id, user_id FROM urls WHERE id = ANY($1::bigint[]))
      INSERT INTO events (url_id, user_id, event_type, timestamp, details)
      SELECT u.id,
             CASE WHEN u.id IS NOT NULL THEN u.user_id ELSE (SELECT us.id FROM users us WHERE us.id = c.user_id) END,
             'redirect', c.at,
             jsonb_build_object('short_code', c.code, 'referrer', c.referrer, 'user_agent', c.agent)
      FROM unnest($1::bigint[], $2::bigint[], $3::timestamp[], $4::varchar[], $5::varchar[], $6::varchar[])
           AS c(url_id, user_id, at, code, referrer, agent)
      LEFT JOIN live u ON u.id = c.url_id""";

  private final Database db;

  ClickStore(Database db) {
    this.db = db;
  }

  Future<Integer> insert(List<Click> clicks) {
    int n = clicks.size();
    Long[] urlIds = new Long[n];
    Long[] userIds = new Long[n];
    LocalDateTime[] times = new LocalDateTime[n];
    String[] codes = new String[n];
    String[] referrers = new String[n];
    String[] agents = new String[n];
    for (int i = 0; i < n; i++) {
      Click click = clicks.get(i);
      urlIds[i] = click.urlId();
      userIds[i] = click.userId();
      times[i] = click.at();
      codes[i] = click.shortCode();
      referrers[i] = click.referrer();
      agents[i] = click.userAgent();
    }
    Tuple args = Tuple.of(urlIds, userIds, times, codes, referrers, agents);
    return EventReferences.writing(db, conn -> conn.preparedQuery(INSERT).execute(args)
        .compose(rows -> WebhookOutbox.appendClicks(conn, args).map(rows.rowCount())));
  }
}
