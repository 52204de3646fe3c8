package dev.shortener.cache;

import dev.shortener.config.AppConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis for one verticle: one dedicated, pipelined connection (re-established with backoff when it
 * drops), every command behind a circuit breaker with a short timeout. While the breaker is open no
 * caller waits on Redis: calls fail at once and callers fall through to PostgreSQL.
 */
public final class RedisCache {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
  private static final long MAX_RECONNECT_DELAY_MS = 2000;

  /** The outcome of a read: a value, a clean miss, or "Redis could not answer". */
  public sealed interface Read permits Read.Hit, Read.Miss, Read.Unavailable {
    record Hit(String value) implements Read {}

    record Miss() implements Read {}

    record Unavailable() implements Read {}
  }

  private static final Read MISS = new Read.Miss();
  private static final Read UNAVAILABLE = new Read.Unavailable();

  private final Vertx vertx;
  private final Redis client;
  private final CircuitBreaker breaker;
  private final BreakerStates states;
  private Future<RedisConnection> connection;
  private long reconnectDelay = 50;
  private boolean closed;

  private RedisCache(Vertx vertx, Redis client, CircuitBreaker breaker, BreakerStates states) {
    this.vertx = vertx;
    this.client = client;
    this.breaker = breaker;
    this.states = states;
  }

  /** Options shared with the pub/sub subscriber. */
  public static RedisOptions options(AppConfig.Redis config) {
    return new RedisOptions()
        .setConnectionString(config.url())
        .setPoolName("redis")
        .setMaxWaitingHandlers(4096);
  }

  public static RedisCache create(Vertx vertx, AppConfig.Redis config, BreakerStates states) {
    CircuitBreaker breaker = CircuitBreaker.create("redis", vertx, new CircuitBreakerOptions()
        .setMaxFailures(config.breakerMaxFailures())
        .setTimeout(config.timeout().toMillis())
        .setResetTimeout(config.breakerReset().toMillis())
        .setFallbackOnFailure(true)
        .setNotificationAddress(null));
    states.track(breaker);
    RedisCache cache = new RedisCache(vertx, Redis.createClient(vertx, options(config)), breaker, states);
    cache.connect();
    return cache;
  }

  public Future<Read> get(String key) {
    return breaker.executeWithFallback(
        () -> send(Request.cmd(Command.GET).arg(key)).map(r -> r == null ? MISS : (Read) new Read.Hit(r.toString())),
        failure -> UNAVAILABLE);
  }

  /** Best effort: a failed write only costs a later cache miss. */
  public Future<Boolean> set(String key, String value, long ttlMillis) {
    return execute(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis));
  }

  /** True when Redis confirmed the delete. */
  public Future<Boolean> delete(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(true);
    }
    Request del = Request.cmd(Command.UNLINK);
    keys.forEach(del::arg);
    return execute(del);
  }

  public Future<Boolean> publish(String channel, String message) {
    return execute(Request.cmd(Command.PUBLISH).arg(channel).arg(message));
  }

  public Future<Boolean> ping() {
    return execute(Request.cmd(Command.PING));
  }

  /** Runs any command through the breaker; empty when Redis did not answer. */
  public Future<Optional<Response>> command(Request request) {
    return breaker.executeWithFallback(() -> send(request).map(Optional::ofNullable), failure -> Optional.empty());
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  public Future<Void> close() {
    closed = true;
    states.untrack(breaker);
    breaker.close();
    return client.close();
  }

  private Future<Boolean> execute(Request request) {
    return breaker.executeWithFallback(() -> send(request).map(r -> true), failure -> false);
  }

  private Future<Response> send(Request request) {
    if (connection == null) {
      return Future.failedFuture("redis not connected");
    }
    return connection.compose(conn -> conn.send(request));
  }

  private void connect() {
    connection = client.connect().onSuccess(conn -> {
      reconnectDelay = 50;
      conn.exceptionHandler(e -> dropped(conn, e));
      conn.endHandler(v -> dropped(conn, null));
    }).onFailure(e -> scheduleReconnect());
  }

  private void dropped(RedisConnection conn, Throwable cause) {
    if (cause != null) {
      LOG.warn("redis connection failed: {}", cause.toString());
    }
    conn.close();
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    connection = Future.failedFuture("redis reconnecting");
    vertx.setTimer(reconnectDelay, id -> {
      if (!closed) {
        connect();
      }
    });
    reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
  }
}
