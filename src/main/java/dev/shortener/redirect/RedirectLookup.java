package dev.shortener.redirect;

import dev.shortener.cache.RedisCache;
import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import dev.shortener.urls.TargetUrls;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a short code points: near cache, then Redis, then PostgreSQL, filling the tiers on the
 * way back. Unknown codes are cached briefly too. {@link #invalidate} is called by every write that
 * changes a redirect, before it answers.
 */
public final class RedirectLookup {
  public static final String CHANNEL = "shortener:invalidate";
  public static final String ACK_CHANNEL = "shortener:invalidate-ack";
  /** How long a write waits for every replica to confirm an invalidation before it answers anyway. */
  private static final long ACK_TIMEOUT_MILLIS = 1000;
  /** Message that tells every replica to drop its whole near cache. */
  static final String EVERYTHING = "*";
  static final String KEY_PREFIX = "sc:";
  private static final String ABSENT = "-";
  /**
   * An invalidated key holds this for a few seconds instead of being deleted: fills are SET NX, so a
   * lookup that read the database before the change cannot put the old value back afterwards.
   */
  private static final String TOMBSTONE = "~";
  private static final long TOMBSTONE_MILLIS = 5000;

  private static final String FIND = """
      SELECT id, user_id, original_url, is_active, expires_at FROM urls WHERE short_code = $1""";

  private final NearCache near;
  private final InvalidationAcks acks;
  private final RedisCache redis;
  private final Database db;
  private final CacheMetrics metrics;
  private final long redisTtlMillis;
  private final long negativeTtlMillis;

  public RedirectLookup(NearCache near, InvalidationAcks acks, RedisCache redis, Database db, CacheMetrics metrics,
      AppConfig config) {
    this.near = near;
    this.acks = acks;
    this.redis = redis;
    this.db = db;
    this.metrics = metrics;
    this.redisTtlMillis = config.redis().ttl().toMillis();
    this.negativeTtlMillis = config.cache().negativeTtl().toMillis();
  }

  /**
   * The near cache's target for {@code code} when it can be answered with a 302 right away (cached,
   * trusted, active, not expired at {@code now}); null for anything that needs {@link #find}.
   */
  RedirectTarget cachedLive(String code, LocalDateTime now) {
    Optional<NearCache.Entry> cached = near.get(code);
    RedirectTarget target = cached.isPresent() ? cached.get().target() : null;
    if (target == null || !target.active() || target.expired(now)) {
      return null;
    }
    metrics.nearHit.increment();
    return target;
  }

  /** The target, or null when the code does not exist. */
  public Future<RedirectTarget> find(String code) {
    long generation = near.generation();
    Optional<NearCache.Entry> cached = near.get(code);
    if (cached.isPresent()) {
      metrics.nearHit.increment();
      return Future.succeededFuture(cached.get().target());
    }
    metrics.nearMiss.increment();
    return redis.get(KEY_PREFIX + code).compose(read -> {
      if (read instanceof RedisCache.Read.Hit hit && !TOMBSTONE.equals(hit.value())) {
        metrics.redisHit.increment();
        RedirectTarget target = ABSENT.equals(hit.value()) ? null : RedirectTarget.decode(hit.value());
        near.put(code, target, generation);
        return Future.succeededFuture(target);
      }
      boolean redisAnswered = !(read instanceof RedisCache.Read.Unavailable);
      (redisAnswered ? metrics.redisMiss : metrics.redisError).increment();
      // a read replica may answer only a clean miss: a tombstone means a change in the last 5 s, and
      // with Redis away nothing says there was none; a replica's "no such code" is asked again of the
      // primary (created a moment ago, not replayed yet)
      Future<RowSet<Row>> rows = read instanceof RedisCache.Read.Miss
          ? db.read(FIND, Tuple.of(code), found -> found.size() == 0)
          : db.query(FIND, Tuple.of(code));
      return fromDatabase(rows, code, generation, redisAnswered);
    });
  }

  private Future<RedirectTarget> fromDatabase(Future<RowSet<Row>> query, String code, long generation,
      boolean fillRedis) {
    return query
        .onFailure(e -> metrics.databaseError.increment())
        .map(rows -> {
          RedirectTarget target = rows.size() == 0 ? null : toTarget(rows.iterator().next());
          (target == null ? metrics.databaseMiss : metrics.databaseHit).increment();
          near.put(code, target, generation);
          if (fillRedis) {
            redis.setIfAbsent(KEY_PREFIX + code, target == null ? ABSENT : target.encode(),
                target == null ? negativeTtlMillis : redisTtlMillis);
          }
          return target;
        });
  }

  /**
   * Drops the codes from every tier on every replica, and returns once every replica has confirmed:
   * locally, in Redis (as short-lived tombstones), and by a message each replica's listener applies
   * and acknowledges. If Redis cannot be told, its copies are flushed once it is back.
   */
  public Future<Void> invalidate(Collection<String> codes) {
    if (codes.isEmpty()) {
      return Future.succeededFuture();
    }
    near.invalidate(codes);
    List<String> keys = codes.stream().map(code -> KEY_PREFIX + code).toList();
    return redis.setAll(keys, TOMBSTONE, TOMBSTONE_MILLIS).compose(stored -> {
      String id = acks.open();
      return redis.publish(CHANNEL, id + "\n" + String.join("\n", codes)).compose(receivers -> {
        if (!stored || receivers < 0) {
          acks.cancel(id);
          near.markRedisDirty();
          return Future.succeededFuture();
        }
        return acks.await(id, receivers, ACK_TIMEOUT_MILLIS)
            .otherwise(timeout -> null); // a replica that cannot ack in time has lost its channel: it distrusts its cache
      });
    });
  }

  private static RedirectTarget toTarget(Row row) {
    return new RedirectTarget(row.getLong(0), row.getLong(1), TargetUrls.ascii(row.getString(2)), row.getBoolean(3),
        row.getLocalDateTime(4));
  }
}
