package dev.shortener.redirect;

import dev.shortener.cache.RedisCache;
import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import dev.shortener.validation.TargetUrls;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * Finds where a short code points: near cache (while {@link Invalidations#trusted}), then Redis, then
 * PostgreSQL, filling the tiers on the way back. Unknown codes are cached briefly too. Writes that
 * change a redirect go through {@link Invalidations}.
 */
public final class RedirectLookup {
  /** Redis keys of cached redirects: this prefix and the code. */
  static final String KEY_PREFIX = "sc:";
  private static final String ABSENT = "-";

  private static final String FIND = """
      SELECT id, user_id, original_url, is_active, expires_at FROM urls WHERE short_code = $1""";

  private final NearCache near;
  private final Invalidations invalidations;
  private final RedisCache redis;
  private final Database db;
  private final CacheMetrics metrics;
  private final long redisTtlMillis;
  private final long negativeTtlMillis;

  public RedirectLookup(NearCache near, Invalidations invalidations, RedisCache redis, Database db,
      CacheMetrics metrics, AppConfig config) {
    this.near = near;
    this.invalidations = invalidations;
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
    if (!invalidations.trusted()) {
      return null;
    }
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
    Optional<NearCache.Entry> cached = invalidations.trusted() ? near.get(code) : Optional.empty();
    if (cached.isPresent()) {
      metrics.nearHit.increment();
      return Future.succeededFuture(cached.get().target());
    }
    metrics.nearMiss.increment();
    return redis.get(KEY_PREFIX + code).compose(read -> {
      if (read instanceof RedisCache.Read.Hit hit && !Invalidations.TOMBSTONE.equals(hit.value())) {
        metrics.redisHit.increment();
        RedirectTarget target = ABSENT.equals(hit.value()) ? null : RedirectTarget.decode(hit.value());
        remember(code, target, generation);
        return Future.succeededFuture(target);
      }
      boolean redisAnswered = !(read instanceof RedisCache.Read.Unavailable);
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
          remember(code, target, generation);
          if (fillRedis) {
            redis.setIfAbsent(KEY_PREFIX + code, target == null ? ABSENT : target.encode(),
                target == null ? negativeTtlMillis : redisTtlMillis);
          }
          return target;
        });
  }

  /** Into the near cache, while it is trusted and unless an invalidation came since {@code generation}. */
  private void remember(String code, RedirectTarget target, long generation) {
    if (invalidations.trusted()) {
      near.put(code, target, generation);
    }
  }

  private static RedirectTarget toTarget(Row row) {
    return new RedirectTarget(row.getLong(0), row.getLong(1), TargetUrls.ascii(row.getString(2)), row.getBoolean(3),
        row.getLocalDateTime(4));
  }
}
