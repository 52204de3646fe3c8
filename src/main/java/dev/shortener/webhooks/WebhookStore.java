package dev.shortener.webhooks;

import dev.shortener.db.Database;
import dev.shortener.db.Ownership;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** SQL of the webhook API. */
final class WebhookStore {
  /** No row back: the user does not exist. */
  private static final String INSERT = """
      INSERT INTO webhooks (user_id, url, events, secret)
      SELECT $1, $2, $3, $4
      WHERE $1::bigint IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $1)
      RETURNING %s""".formatted(Webhook.COLUMNS);

  private static final String LIST = "SELECT " + Webhook.COLUMNS
      + " FROM webhooks WHERE ($1::bigint IS NULL OR user_id = $1) AND " + Ownership.ownedBy("user_id", 2)
      + " ORDER BY id";

  /** Another user's endpoint looks like a missing one. */
  private static final String FIND = "SELECT " + Webhook.COLUMNS + " FROM webhooks WHERE id = $1 AND "
      + Ownership.ownedBy("user_id", 2);

  private static final String DELETE = "DELETE FROM webhooks WHERE id = $1 AND " + Ownership.ownedBy("user_id", 2);

  private static final String DELIVERIES = """
      SELECT %s FROM webhook_deliveries
      WHERE webhook_id = $1
      ORDER BY id DESC
      LIMIT $2""".formatted(Delivery.COLUMNS);

  private final Database db;

  WebhookStore(Database db) {
    this.db = db;
  }

  /** Null when {@code userId} names no user. */
  Future<Webhook> insert(WebhookValidation.NewWebhook hook, String secret) {
    Tuple args = Tuple.tuple().addLong(hook.userId()).addString(hook.url())
        .addArrayOfString(hook.events().toArray(String[]::new)).addString(secret);
    return db.query(INSERT, args).map(rows -> first(rows) == null ? null : Webhook.from(first(rows)).withSecret(secret));
  }

  Future<List<Webhook>> list(Long userId, Long owner) {
    return db.query(LIST, Tuple.of(userId, owner)).map(rows -> {
      List<Webhook> hooks = new ArrayList<>(rows.size());
      rows.forEach(row -> hooks.add(Webhook.from(row)));
      return hooks;
    });
  }

  Future<Webhook> find(long id, Long owner) {
    return db.query(FIND, Tuple.of(id, owner)).map(rows -> first(rows) == null ? null : Webhook.from(first(rows)));
  }

  Future<Boolean> delete(long id, Long owner) {
    return db.query(DELETE, Tuple.of(id, owner)).map(rows -> rows.rowCount() > 0);
  }

  Future<List<Delivery>> deliveries(long webhookId, int limit) {
    return db.query(DELIVERIES, Tuple.of(webhookId, limit)).map(rows -> {
      List<Delivery> deliveries = new ArrayList<>(rows.size());
      rows.forEach(row -> deliveries.add(Delivery.from(row)));
      return deliveries;
    });
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }
}
