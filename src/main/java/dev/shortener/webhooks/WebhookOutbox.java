package dev.shortener.webhooks;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Writes webhook events into the outbox ({@code webhook_deliveries}) from inside the statement or
 * transaction that causes them, one row per subscribed endpoint. When no active endpoint wants the
 * type, the fan-out is a one-row index probe and writes nothing (a click batch asks first,
 * {@link #CLICKS_WANTED}, and then skips the statement).
 */
public final class WebhookOutbox {
  public static final String LINK_CREATED = "link.created";
  public static final String LINK_UPDATED = "link.updated";
  public static final String LINK_DELETED = "link.deleted";
  public static final String LINK_CLICKED = "link.clicked";

  /**
   * What the outbox keeps of a link event: the {@code urls} row as it was, without its password hash
   * (and its visit counter) but with whether it has one. The dispatcher turns it into the API's link
   * object ({@link LinkPayload}) when it sends it, so a delivery shows exactly what GET /urls/{id}
   * shows, options included, through the one JSON encoder.
   */
  public static String linkData(String row) {
    return "(to_jsonb(%1$s) - 'password_hash' - 'visits' || jsonb_build_object('password_protected', %1$s.password_hash IS NOT NULL))"
        .formatted(row);
  }

  /**
   * CTEs (to follow a comma in a WITH list) that fan {@code source}'s rows out to the endpoints
   * subscribed to {@code type}. {@code source} selects {@code user_id, occurred_at, data} per event;
   * {@code name} must be unique in the statement. The events are numbered once each, before the
   * fan-out, so every endpoint gets the same {@code webhook-id} for an event.
   */
  public static String fanOut(String name, String type, String source) {
    return """
        %1$s_events AS MATERIALIZED (
          SELECT nextval('webhook_event_ids') AS n, s.user_id, s.occurred_at, s.data
          FROM (%3$s) s
          WHERE EXISTS (SELECT 1 FROM webhooks w0 WHERE w0.active AND '%2$s' = ANY (w0.events))
        ), %1$s AS (
          INSERT INTO webhook_deliveries (webhook_id, event_id, type, occurred_at, data)
          SELECT w.id, 'evt_' || e.n, '%2$s', e.occurred_at, e.data
          FROM %1$s_events e
          JOIN webhooks w ON w.active AND '%2$s' = ANY (w.events) AND (w.user_id IS NULL OR w.user_id = e.user_id)
          ORDER BY e.n, w.id
        )""".formatted(name, type, source);
  }

  /** {@code link.clicked} for a click batch: the arrays of {@code ClickStore}'s insert. */
  private static final String CLICKED = """
      WITH %s
      SELECT 1""".formatted(fanOut("clicked", LINK_CLICKED, """
      SELECT c.user_id, c.at AS occurred_at,
             jsonb_build_object('url_id', c.url_id, 'user_id', c.user_id, 'short_code', c.code,
                                'timestamp', webhook_ts(c.at), 'referrer', c.referrer, 'user_agent', c.agent) AS data
      FROM unnest($1::bigint[], $2::bigint[], $3::timestamp[], $4::varchar[], $5::varchar[], $6::varchar[])
           WITH ORDINALITY AS c(url_id, user_id, at, code, referrer, agent, ord)
      ORDER BY c.ord"""));

  /**
   * True when an active endpoint wants {@code link.clicked}: a click batch that finds none skips
   * {@link #appendClicks} and does not send its arrays a second time (its claim statement asks).
   */
  public static final String CLICKS_WANTED =
      "EXISTS (SELECT 1 FROM webhooks w WHERE w.active AND '" + LINK_CLICKED + "' = ANY (w.events))";

  private WebhookOutbox() {}

  /**
   * The click writer's hook: appends {@code link.clicked} events for a batch inside its transaction.
   * {@code batch} holds the arrays url_id, user_id, time, code, referrer, user agent.
   */
  public static Future<Void> appendClicks(SqlConnection conn, Tuple batch) {
    return conn.preparedQuery(CLICKED).execute(batch).mapEmpty();
  }
}
