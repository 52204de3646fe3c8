package dev.shortener.ratelimit;

import dev.shortener.cache.RedisCache;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.Optional;

/**
 * API requests per subject (a key, or a client address) and fixed window, counted in Redis so every
 * replica shares one budget: one script per request, atomic in Redis, sent on the verticle's
 * pipelined connection through the breaker. When Redis cannot answer (breaker open, error, timeout)
 * the replica's {@link LocalBudget} decides instead: never unlimited, never an error.
 *
 * <p>Bucket4j's Redis backends (Lettuce, Jedis, Redisson) would each bring a second client and
 * connection beside vertx-redis-client's and block or use their own event loop; one script on the
 * connection we already pipeline on is a single round trip without either.
 */
public final class RateLimiter {
  /** The contract's "per minute". */
  public static final Duration WINDOW = Duration.ofMinutes(1);
  static final String KEY_PREFIX = "rl:";
  /**
   * The window starts with a subject's first request and lasts its key's TTL: no clock is shared
   * between replicas. A TTL lost for any reason is set again.
   */
  static final String SCRIPT = """
      local n = redis.call('INCR', KEYS[1])
      local ttl = redis.call('PTTL', KEYS[1])
      if n == 1 or ttl < 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        ttl = tonumber(ARGV[1])
      end
      return {n, ttl}""";

  private final RedisCache redis;
  private final LocalBudget local;
  private final int limit;
  private final long windowMillis;

  /** {@code limit} requests per {@link #WINDOW}; 0 turns limiting off. */
  public RateLimiter(RedisCache redis, LocalBudget local, int limit) {
    this.redis = redis;
    this.local = local;
    this.limit = limit;
    this.windowMillis = WINDOW.toMillis();
  }

  public boolean enabled() {
    return limit > 0;
  }

  /**
   * Counts one request of {@code subject}. EVAL rather than EVALSHA: an error reply (NOSCRIPT after a
   * Redis restart) would count as a breaker failure, and Redis caches the compiled script by its
   * digest anyway, so the cost is the script's ~250 bytes on a pipelined connection.
   */
  public Future<Decision> take(String subject) {
    return redis.command(Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(KEY_PREFIX + subject).arg(windowMillis))
        .map(reply -> decide(subject, reply));
  }

  private Decision decide(String subject, Optional<Response> reply) {
    if (reply.isPresent() && reply.get().type() == ResponseType.MULTI) {
      return Decision.of(limit, reply.get().get(0).toLong(), reply.get().get(1).toLong());
    }
    return local.take(subject, limit, System.currentTimeMillis());
  }
}
