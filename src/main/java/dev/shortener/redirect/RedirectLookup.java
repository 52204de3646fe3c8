package dev.shortener.redirect;

import dev.shortener.cache.RedisCache;
import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import dev.shortener.validation.TargetUrls;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
      SELECT id, user_id, original_url, is_active, expires_at, redirect_status, password_hash IS NOT NULL, max_visits,
             rules::text
      FROM urls WHERE short_code = $1""";

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
   * The near cache's target for {@code code} when it can be answered with a redirect right away (cached,
   * trusted, plain, active, not expired at {@code now}); null for anything that needs {@link #find}.
   */
  RedirectTarget cachedLive(String code, LocalDateTime now) {
    if (!invalidations.trusted()) {
      return null;
    }
    Optional<NearCache.Entry> cached = near.get(code);
    RedirectTarget target = cached.isPresent() ? cached.get().target() : null;
    if (target == null || target.options() != null || !target.active() || target.expired(now)) {
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
        RedirectTarget target = ABSENT.equals(hit.value()) ? null : RedirectTarget.decode(hit.value());
        if (target != null || ABSENT.equals(hit.value())) {
          metrics.redisHit.increment();
          remember(code, target, generation);
          return Future.succeededFuture(target);
        }
        // not an entry this service wrote: never let it near a header; the database decides
        metrics.redisError.increment();
        return fromDatabase(db.query(FIND, Tuple.of(code)), code, generation, false);
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
    Short status = row.getShort(5);
    return new RedirectTarget(row.getLong(0), row.getLong(1), TargetUrls.ascii(row.getString(2)), row.getBoolean(3),
        row.getLocalDateTime(4), status == null ? 0 : status, LinkOptions.of(row.getBoolean(6), row.getInteger(7),
        Rules.compile(row.getString(8))));
  }
}
