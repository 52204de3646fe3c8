package dev.shortener.webhooks;

import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** SQL of the delivery worker: leasing due outbox rows and recording what became of them. */
final class DeliveryStore {
  /** A leased delivery and where it goes. */
  record Leased(long id, long webhookId, String eventId, String type, LocalDateTime occurredAt, JsonObject data,
      int attempts, String url, String secret) {}

  /** What happened to one delivery attempt; {@code disabled}: the endpoint was just switched off. */
  record Failed(boolean disabled) {}

  /**
   * Leases due deliveries, at most {@code $1} in flight per endpoint across all replicas: per active
   * endpoint the oldest due rows not locked by another replica's claim (SKIP LOCKED), less those
   * already leased. One statement, so the row locks last only while it runs; the lease is what keeps
   * other replicas away while the request is out, and it runs out if this replica dies.
   */
  private static final String CLAIM = """
      WITH picked AS (
        SELECT d.id, d.webhook_id, d.next_attempt_at
        FROM webhooks w
        CROSS JOIN LATERAL (
          SELECT x.id, x.webhook_id, x.next_attempt_at
          FROM webhook_deliveries x
          WHERE x.webhook_id = w.id AND x.status = 'pending' AND x.next_attempt_at <= now()
            AND (x.lease_until IS NULL OR x.lease_until < now())
          ORDER BY x.next_attempt_at, x.id
          LIMIT $1
          FOR UPDATE SKIP LOCKED
        ) d
        WHERE w.active
      ), ranked AS (
        SELECT p.id,
               row_number() OVER (PARTITION BY p.webhook_id ORDER BY p.next_attempt_at, p.id) AS rn,
               (SELECT count(*) FROM webhook_deliveries b
                WHERE b.webhook_id = p.webhook_id AND b.status = 'pending' AND b.lease_until >= now()) AS busy
        FROM picked p
      )
      UPDATE webhook_deliveries d SET lease_until = now() + make_interval(secs => $2)
      FROM ranked r, webhooks w
      WHERE d.id = r.id AND r.rn + r.busy <= $1 AND w.id = d.webhook_id
      RETURNING d.id, d.webhook_id, d.event_id, d.type, d.occurred_at, d.data, d.attempts, w.url, w.secret""";

  private static final String DELIVERED = """
      WITH done AS (
        UPDATE webhook_deliveries
        SET status = 'delivered', attempts = attempts + 1, last_status_code = $2, last_error = NULL,
            lease_until = NULL, delivered_at = now() AT TIME ZONE 'utc'
        WHERE id = $1
        RETURNING webhook_id
      )
      UPDATE webhooks w SET consecutive_failures = 0 FROM done WHERE w.id = done.webhook_id""";

  /**
   * A failed attempt: retried at {@code now + $4 ms} or failed for good after {@code $5} attempts;
   * the endpoint's run of failures grows, and at {@code $6} it is disabled and its other pending
   * deliveries fail (one that was in flight then fails when its outcome comes back).
   */
  private static final String FAILED = """
      WITH attempt AS (
        UPDATE webhook_deliveries
        SET attempts = attempts + 1, last_status_code = $2, last_error = $3, lease_until = NULL,
            status = CASE WHEN attempts + 1 >= $5
                            OR (SELECT NOT w.active OR w.consecutive_failures + 1 >= $6 FROM webhooks w WHERE w.id = webhook_id)
                          THEN 'failed' ELSE 'pending' END,
            next_attempt_at = now() + make_interval(secs => $4 / 1000.0)
        WHERE id = $1
        RETURNING webhook_id
      ), endpoint AS (
        UPDATE webhooks w
        SET consecutive_failures = w.consecutive_failures + 1,
            active = w.active AND w.consecutive_failures + 1 < $6
        FROM attempt
        WHERE w.id = attempt.webhook_id AND w.active
        RETURNING w.id, w.active, w.consecutive_failures = $6 AS just_disabled
      ), rest AS (
        UPDATE webhook_deliveries x SET status = 'failed', lease_until = NULL
        FROM endpoint e
        WHERE e.just_disabled AND x.webhook_id = e.id AND x.status = 'pending' AND x.id <> $1
      )
      SELECT COALESCE(bool_or(just_disabled), false) FROM endpoint""";

  private static final String DEPTH = "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'";

  private final Database db;

  DeliveryStore(Database db) {
    this.db = db;
  }

  Future<List<Leased>> claim(int perEndpoint, Duration lease) {
    return db.query(CLAIM, Tuple.of(perEndpoint, lease.toMillis() / 1000.0)).map(rows -> {
      List<Leased> leased = new ArrayList<>(rows.size());
      for (Row row : rows) {
        leased.add(new Leased(row.getLong(0), row.getLong(1), row.getString(2), row.getString(3),
            row.getLocalDateTime(4), row.getJsonObject(5), row.getInteger(6), row.getString(7), row.getString(8)));
      }
      return leased;
    });
  }

  Future<Void> delivered(long id, int status) {
    return db.query(DELIVERED, Tuple.of(id, status)).mapEmpty();
  }

  Future<Failed> failed(long id, Integer status, String error, long retryInMillis, int maxAttempts, int disableAfter) {
    Tuple args = Tuple.of(id, status, error, retryInMillis, maxAttempts, disableAfter);
    return db.query(FAILED, args).map(rows -> new Failed(rows.iterator().next().getBoolean(0)));
  }

  Future<Long> depth() {
    return db.query(DEPTH, Tuple.tuple()).map(rows -> rows.iterator().next().getLong(0));
  }
}
