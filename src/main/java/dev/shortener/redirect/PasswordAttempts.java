package dev.shortener.redirect;

import dev.shortener.cache.RedisCache;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;

/**
 * Wrong link passwords per link and client address: at most {@link #MAX_FAILURES} in a
 * {@link #WINDOW} (fixed, starting at the first failure), counted in Redis so every replica sees the
 * same budget. While Redis is down each replica counts on its own (never no limit).
 */
final class PasswordAttempts {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final String PREFIX = "pwfail:";

  /** Allowed, or blocked for {@code retryAfterSeconds}. */
  record Verdict(boolean blocked, long retryAfterSeconds) {}

  private final RedisCache redis;
  private final LinkContext context;

  PasswordAttempts(RedisCache redis, LinkContext context) {
    this.redis = redis;
    this.context = context;
  }

  Future<Verdict> check(long urlId, String client) {
    String key = key(urlId, client);
    return redis.command(Request.cmd(Command.EVAL).arg(CHECK).arg(1).arg(key)).map(reply -> {
      if (reply.isEmpty()) {
        boolean blocked = context.localFailureCount(key) >= MAX_FAILURES;
        return new Verdict(blocked, WINDOW.toSeconds());
      }
      Response pair = reply.get();
      long count = pair.get(0).toLong();
      long ttlMillis = pair.get(1).toLong();
      return new Verdict(count >= MAX_FAILURES, Math.max(1, (ttlMillis + 999) / 1000));
    });
  }

  /** Counts a wrong password (in Redis, or locally while Redis is down). */
  Future<Void> failed(long urlId, String client) {
    String key = key(urlId, client);
    return redis.command(Request.cmd(Command.EVAL).arg(FAIL).arg(1).arg(key).arg(WINDOW.toMillis())).map(reply -> {
      if (reply.isEmpty()) {
        context.localFailures(key).incrementAndGet();
      }
      return null;
    });
  }

  private static String key(long urlId, String client) {
    return PREFIX + urlId + ":" + client;
  }

  /** The count and the window's remaining milliseconds, in one round trip. */
  private static final String CHECK =
      "return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}";
  /** INCR, and the window starts with the first failure. */
  private static final String FAIL =
      "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";
}
