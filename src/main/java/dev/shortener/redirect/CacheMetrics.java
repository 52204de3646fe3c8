package dev.shortener.redirect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code shortener_cache_lookups_total{tier, result}}: where each redirect lookup was answered. */
public final class CacheMetrics {
  final Counter nearHit;
  final Counter nearMiss;
  final Counter redisHit;
  final Counter redisMiss;
  final Counter redisError;
  final Counter databaseHit;
  final Counter databaseMiss;
  final Counter databaseError;

  public CacheMetrics(MeterRegistry registry) {
    nearHit = counter(registry, "near", "hit");
    nearMiss = counter(registry, "near", "miss");
    redisHit = counter(registry, "redis", "hit");
    redisMiss = counter(registry, "redis", "miss");
    redisError = counter(registry, "redis", "error");
    databaseHit = counter(registry, "database", "hit");
    databaseMiss = counter(registry, "database", "miss");
    databaseError = counter(registry, "database", "error");
  }

  private static Counter counter(MeterRegistry registry, String tier, String result) {
    return Counter.builder("shortener.cache.lookups")
        .description("Redirect lookups by cache tier and result")
        .tag("tier", tier)
        .tag("result", result)
        .register(registry);
  }
}
