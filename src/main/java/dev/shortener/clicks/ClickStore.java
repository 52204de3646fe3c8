package dev.shortener.clicks;

import dev.shortener.db.Database;
import dev.shortener.http.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.List;

/** Writes a batch of clicks as redirect events in one multi-row INSERT. */
final class ClickStore {
  private static final String VALUES = """
      FROM unnest($1::bigint[], $2::bigint[], $3::timestamp[], $4::varchar[], $5::varchar[], $6::varchar[])
           WITH ORDINALITY AS c(url_id, user_id, at, code, referrer, agent, ord)""";

  private static final String DETAILS =
      "jsonb_build_object('short_code', c.code, 'referrer', c.referrer, 'user_agent', c.agent)";

  /** The common case: every URL and owner still exists. */
  private static final String INSERT = """
      INSERT INTO events (url_id, user_id, event_type, timestamp, details)
      SELECT c.url_id, c.user_id, 'redirect', c.at, %s
      %s
      ORDER BY c.ord""".formatted(DETAILS, VALUES);

  /**
   * After a foreign-key failure (a URL or user deleted since the click): the joins null them out,
   * as ON DELETE SET NULL would have done had the event been written first.
   */
  private static final String INSERT_ORPHANS = """
      INSERT INTO events (url_id, user_id, event_type, timestamp, details)
      SELECT u.id, us.id, 'redirect', c.at, %s
      %s
      LEFT JOIN urls u ON u.id = c.url_id
      LEFT JOIN users us ON us.id = c.user_id
      ORDER BY c.ord""".formatted(DETAILS, VALUES);

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
    return db.query(INSERT, args)
        .recover(failure -> isDeletedReference(failure) ? db.query(INSERT_ORPHANS, args) : Future.failedFuture(failure))
        .map(rows -> rows.rowCount());
  }

  /** SqlFailures maps a foreign-key violation on events to "URL not found" / "User not found". */
  private static boolean isDeletedReference(Throwable failure) {
    return failure instanceof ApiException api && api.status() == 404;
  }
}
