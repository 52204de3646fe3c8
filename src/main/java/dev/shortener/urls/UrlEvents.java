package dev.shortener.urls;

import dev.shortener.webhooks.WebhookOutbox;

/** SQL fragments that describe URL writes, shared by the single, grouped and bulk creates. */
public final class UrlEvents {
  /**
   * CTEs writing the {@code created} event and the {@code link.created} webhook events of every row
   * of a preceding CTE {@code created} (rows of {@code urls}), in the same statement and so the same
   * transaction.
   */
  public static final String CREATED = """
      event AS (
        INSERT INTO events (url_id, user_id, event_type, timestamp, details)
        SELECT id, user_id, 'created', created_at,
               jsonb_build_object('short_code', short_code, 'original_url', original_url)
        FROM created
        ORDER BY id
      ), """ + WebhookOutbox.fanOut("created_hooks", WebhookOutbox.LINK_CREATED,
      "SELECT user_id, created_at AS occurred_at, " + WebhookOutbox.linkData("created") + " AS data FROM created");

  private UrlEvents() {}
}
