package dev.shortener.health;

import dev.shortener.cache.RedisCache;
import dev.shortener.db.Database;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.ErrorHandler;
import dev.shortener.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Liveness touches nothing; readiness asks PostgreSQL (required) and Redis (optional: down means
 * degraded, still ready) and turns 503 as soon as a graceful shutdown starts.
 */
public final class HealthRoutes {
  private static final JsonObject OK = new JsonObject().put("status", "ok");

  private final Database db;
  private final RedisCache redis;
  private final Duration timeout;
  private final BooleanSupplier shuttingDown;

  private HealthRoutes(Database db, RedisCache redis, Duration timeout, BooleanSupplier shuttingDown) {
    this.db = db;
    this.redis = redis;
    this.timeout = timeout;
    this.shuttingDown = shuttingDown;
  }

  public static void register(ApiRouter api, Database db, RedisCache redis, Duration timeout,
      BooleanSupplier shuttingDown) {
    HealthRoutes routes = new HealthRoutes(db, redis, timeout, shuttingDown);
    api.rootOnly(HttpMethod.GET, "/health", routes::live);
    api.rootOnly(HttpMethod.GET, "/health/ready", routes::ready);
  }

  private Future<?> live(RoutingContext ctx) {
    return Responses.json(ctx, 200, OK);
  }

  private Future<?> ready(RoutingContext ctx) {
    if (shuttingDown.getAsBoolean()) {
      return Responses.json(ctx, 503, new JsonObject().put("status", "unavailable")
          .put("checks", new JsonObject().put("shutdown", "in progress")));
    }
    Future<Boolean> database = db.ping(timeout);
    Future<Boolean> cache = redis.ping();
    return Future.join(database, cache).compose(v -> {
      boolean dbUp = database.result();
      JsonObject checks = new JsonObject()
          .put("database", dbUp ? "up" : "down")
          .put("cache", cache.result() ? "up" : "down");
      if (!dbUp) {
        ctx.response().putHeader("Retry-After", ErrorHandler.RETRY_AFTER_SECONDS);
      }
      return Responses.json(ctx, dbUp ? 200 : 503,
          new JsonObject().put("status", dbUp ? "ok" : "unavailable").put("checks", checks));
    });
  }
}
