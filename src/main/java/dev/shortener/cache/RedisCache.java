package dev.shortener.cache;

import dev.shortener.config.AppConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
  private static final long CONNECT_TIMEOUT_MS = 2000;
  private static final long PROBE_PERIOD_MS = 1000;

  /** The outcome of a read: a value, a clean miss, or "Redis could not answer". */
  public sealed interface Read permits Read.Hit, Read.Miss, Read.Unavailable {
    record Hit(String value) implements Read {}

    record Miss() implements Read {}

    record Unavailable() implements Read {}
  }

  private static final Read MISS = new Read.Miss();
  private static final Read UNAVAILABLE = new Read.Unavailable();

  private final Vertx vertx;
  private final RedisTopology topology;
  private final RedisOptions options;
  private Redis client;
  private final CircuitBreaker breaker;
  private final BreakerStates states;
  private final Tracer tracer;
  private Future<RedisConnection> connection = Future.failedFuture("redis not connected yet");
  private long reconnectDelay = 50;
  private long probeTimer = -1;
  private boolean closed;

  private RedisCache(Vertx vertx, RedisTopology topology, CircuitBreaker breaker, BreakerStates states, Tracer tracer) {
    this.vertx = vertx;
    this.tracer = tracer;
    this.topology = topology;
    this.options = topology.options();
    this.breaker = breaker;
    this.states = states;
  }

  public static RedisCache create(Vertx vertx, AppConfig.Redis config, BreakerStates states) {
    return create(vertx, config, states, null);
  }

  /** With {@code tracer} (nullable), each command inside a traced request gets a child span. */
  public static RedisCache create(Vertx vertx, AppConfig.Redis config, BreakerStates states, Tracer tracer) {
    CircuitBreaker breaker = CircuitBreaker.create("redis", vertx, new CircuitBreakerOptions()
        .setMaxFailures(config.breakerMaxFailures())
        .setTimeout(config.timeout().toMillis())
        .setResetTimeout(config.breakerReset().toMillis())
        .setFallbackOnFailure(true)
        .setNotificationAddress(null));
    states.track(breaker);
    RedisCache cache = new RedisCache(vertx, RedisTopology.of(config), breaker, states, tracer);
    cache.connect();
    // the near cache can absorb all traffic, so the breaker's half-open probe is not left to requests
    cache.probeTimer = vertx.setPeriodic(PROBE_PERIOD_MS, id -> {
      if (breaker.state() != CircuitBreakerState.CLOSED) {
        cache.ping();
      }
    });
    return cache;
  }

  public Future<Read> get(String key) {
    return breaker.executeWithFallback(
        () -> send(Request.cmd(Command.GET).arg(key)).map(r -> r == null ? MISS : (Read) new Read.Hit(r.toString())),
        failure -> UNAVAILABLE);
  }

  /** Best effort, and only where the key is absent: a fill never overwrites a newer value or a tombstone. */
  public Future<Boolean> setIfAbsent(String key, String value, long ttlMillis) {
    return execute(Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis).arg("NX"));
  }

  /**
   * Sets every key to {@code value}; true when Redis confirmed all of them. One command per key,
   * pipelined: keys of a cluster live on different nodes, and a batch or a multi-key command must
   * stay within one slot.
   */
  public Future<Boolean> setAll(Collection<String> keys, String value, long ttlMillis) {
    return each(keys, key -> Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttlMillis));
  }

  /** True when Redis confirmed the delete (one UNLINK per key, as in {@link #setAll}). */
  public Future<Boolean> delete(Collection<String> keys) {
    return each(keys, key -> Request.cmd(Command.UNLINK).arg(key));
  }

  /** Deletes every key matching {@code pattern} on every node; true when all were deleted. */
  public Future<Boolean> deleteMatching(String pattern) {
    return connection
        .compose(conn -> topology.scan(vertx, conn, pattern,
            keys -> delete(keys).compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture("redis unavailable"))))
        .map(true)
        .otherwise(false);
  }

  /** The number of subscribers that received the message, or -1 when Redis did not answer. */
  public Future<Long> publish(String channel, String message) {
    return command(topology.publish(channel, message))
        .map(reply -> reply.map(Response::toLong).orElse(-1L));
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
    vertx.cancelTimer(probeTimer);
    states.untrack(breaker);
    breaker.close();
    return client.close();
  }

  private Future<Boolean> each(Collection<String> keys, java.util.function.Function<String, Request> command) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(true);
    }
    return breaker.executeWithFallback(() -> {
      List<Future<Response>> replies = keys.stream().map(key -> send(command.apply(key))).toList();
      return Future.all(replies).map(all -> true);
    }, failure -> false);
  }

  private Future<Boolean> execute(Request request) {
    return breaker.executeWithFallback(() -> send(request).map(r -> true), failure -> false);
  }

  private Future<Response> send(Request request) {
    Future<RedisConnection> current = connection;
    Span span = startSpan(request);
    Future<Response> reply = current.compose(conn -> conn.send(request));
    if (span != null) {
      reply = reply.onComplete(ar -> {
        if (ar.failed()) {
          span.setStatus(StatusCode.ERROR, ar.cause().toString());
        }
        span.end();
      });
    }
    return reply.onFailure(failure -> {
      // an error reply ("ERR ...") is itself a Response: the connection is fine; anything else is not
      if (!(failure instanceof Response)) {
        replace(current);
      }
    });
  }

  /** A client span under the current request's span, or null when not tracing. */
  private Span startSpan(Request request) {
    if (tracer == null || !Span.current().getSpanContext().isValid()) {
      return null;
    }
    String command = request.command().toString();
    return tracer.spanBuilder(command)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("db.system", "redis")
        .setAttribute("db.operation.name", command)
        .startSpan();
  }

  /**
   * A fresh client per attempt: the client's pool would otherwise hand back a connection that died
   * with the server, and a stuck attempt must not hold the breaker's half-open probe forever.
   */
  private void connect() {
    Redis client = Redis.createClient(vertx, options);
    Future<RedisConnection> attempt = client.connect().timeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    connection = attempt;
    this.client = client;
    attempt.onSuccess(conn -> {
      reconnectDelay = 50;
      conn.exceptionHandler(e -> {
        LOG.warn("redis connection failed: {}", e.toString());
        replace(attempt);
      });
      conn.endHandler(v -> replace(attempt));
    }).onFailure(e -> replace(attempt));
  }

  /** Drops a broken connection (once, however many callers saw it fail) and reconnects with backoff. */
  private void replace(Future<RedisConnection> broken) {
    if (connection != broken || closed) {
      return;
    }
    connection = Future.failedFuture("redis reconnecting");
    client.close();
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    vertx.setTimer(reconnectDelay, id -> {
      if (!closed) {
        connect();
      }
    });
    reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
  }
}
