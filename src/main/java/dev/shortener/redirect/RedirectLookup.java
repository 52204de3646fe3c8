package dev.shortener.redirect;

import dev.shortener.cache.RedisCache;
import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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
  /** Message that tells every replica to drop its whole near cache. */
  static final String EVERYTHING = "*";
  static final String KEY_PREFIX = "sc:";
  private static final String ABSENT = "-";

  private static final String FIND = """
      SELECT id, user_id, original_url, is_active, expires_at FROM urls WHERE short_code = $1""";

  private final NearCache near;
  private final RedisCache redis;
  private final Database db;
  private final CacheMetrics metrics;
  private final long redisTtlMillis;
  private final long negativeTtlMillis;

  public RedirectLookup(NearCache near, RedisCache redis, Database db, CacheMetrics metrics, AppConfig config) {
    this.near = near;
    this.redis = redis;
    this.db = db;
    this.metrics = metrics;
    this.redisTtlMillis = config.redis().ttl().toMillis();
    this.negativeTtlMillis = config.cache().negativeTtl().toMillis();
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
      if (read instanceof RedisCache.Read.Hit hit) {
        metrics.redisHit.increment();
        RedirectTarget target = ABSENT.equals(hit.value()) ? null : RedirectTarget.decode(hit.value());
        near.put(code, target, generation);
        return Future.succeededFuture(target);
      }
      boolean redisAnswered = read instanceof RedisCache.Read.Miss;
      (redisAnswered ? metrics.redisMiss : metrics.redisError).increment();
      return fromDatabase(code, generation, redisAnswered);
    });
  }

  private Future<RedirectTarget> fromDatabase(String code, long generation, boolean fillRedis) {
    return db.query(FIND, Tuple.of(code))
        .onFailure(e -> metrics.databaseError.increment())
        .map(rows -> {
          RedirectTarget target = rows.size() == 0 ? null : toTarget(rows.iterator().next());
          (target == null ? metrics.databaseMiss : metrics.databaseHit).increment();
          near.put(code, target, generation);
          if (fillRedis) {
            near.noteRedisWrite(code);
            redis.set(KEY_PREFIX + code, target == null ? ABSENT : target.encode(),
                target == null ? negativeTtlMillis : redisTtlMillis);
          }
          return target;
        });
  }

  /**
   * Drops the codes from every tier on every replica: locally, in Redis, and by a message all
   * replicas hear. If Redis cannot be told, its copies are flushed once it is back.
   */
  public Future<Void> invalidate(Collection<String> codes) {
    if (codes.isEmpty()) {
      return Future.succeededFuture();
    }
    near.invalidate(codes);
    List<String> keys = codes.stream().map(code -> KEY_PREFIX + code).toList();
    return redis.delete(keys)
        .compose(deleted -> redis.publish(CHANNEL, String.join("\n", codes)).map(published -> deleted && published))
        .map(done -> {
          if (!done) {
            near.markRedisDirty();
          }
          return null;
        });
  }

  private static RedirectTarget toTarget(Row row) {
    return new RedirectTarget(row.getLong(0), row.getLong(1), row.getString(2), row.getBoolean(3),
        row.getLocalDateTime(4));
  }
}
