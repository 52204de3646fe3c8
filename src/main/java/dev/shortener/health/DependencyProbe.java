package dev.shortener.health;

import dev.shortener.cache.BreakerStates;
import dev.shortener.cache.RedisCache;
import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Probes PostgreSQL and Redis every few seconds for {@code shortener_dependency_up} and for the log. */
public final class DependencyProbe extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyProbe.class);
  static final long PERIOD_MS = 5000;

  private final AppConfig config;
  private final BreakerStates breakers;
  private final AtomicInteger databaseUp = new AtomicInteger(1);
  private final AtomicInteger cacheUp = new AtomicInteger(1);
  private Database db;
  private RedisCache redis;

  public DependencyProbe(AppConfig config, BreakerStates breakers, MeterRegistry registry) {
    this.config = config;
    this.breakers = breakers;
    Gauge.builder("shortener.dependency.up", databaseUp, AtomicInteger::get)
        .description("1 when the dependency answered the last probe").tag("dependency", "database").register(registry);
    Gauge.builder("shortener.dependency.up", cacheUp, AtomicInteger::get)
        .description("1 when the dependency answered the last probe").tag("dependency", "cache").register(registry);
  }

  @Override
  public Future<?> start() {
    db = Database.create(vertx, config.database().withPools(1, 1));
    redis = RedisCache.create(vertx, config.redis(), breakers);
    vertx.setPeriodic(0, PERIOD_MS, id -> probe());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return Future.join(db.close(), redis.close());
  }

  private void probe() {
    db.ping(config.database().readyTimeout()).onSuccess(up -> record("database", databaseUp, up));
    redis.ping().onSuccess(up -> record("cache", cacheUp, up));
  }

  private static void record(String name, AtomicInteger gauge, boolean up) {
    int now = up ? 1 : 0;
    if (gauge.getAndSet(now) != now) {
      if (up) {
        LOG.info("{} is reachable again", name);
      } else {
        LOG.warn("{} is unreachable", name);
      }
    }
  }
}
