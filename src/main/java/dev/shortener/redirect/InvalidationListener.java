package dev.shortener.redirect;

import dev.shortener.cache.BreakerStates;
import dev.shortener.cache.RedisCache;
import dev.shortener.cache.RedisTopology;
import dev.shortener.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per replica: subscribes to the invalidation channel and applies what it hears to the near
 * cache. While the subscription is down the near cache is not trusted. It also repairs Redis after
 * an invalidation failed to reach it, by flushing the redirect keys and telling every replica.
 */
public final class InvalidationListener extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidationListener.class);
  private static final long MAX_RETRY_MS = 2000;
  private static final long REPAIR_PERIOD_MS = 1000;

  private final AppConfig config;
  private final NearCache near;
  private final InvalidationAcks acks;
  private final BreakerStates breakers;
  private Redis subscriberClient;
  private RedisCache commands;
  private long retryDelay = 50;
  private boolean stopping;

  public InvalidationListener(AppConfig config, NearCache near, InvalidationAcks acks, BreakerStates breakers) {
    this.config = config;
    this.near = near;
    this.acks = acks;
    this.breakers = breakers;
  }

  @Override
  public Future<?> start() {
    commands = RedisCache.create(vertx, config.redis(), breakers);
    vertx.setPeriodic(REPAIR_PERIOD_MS, id -> repairRedisIfDirty());
    subscribe();
    return Future.succeededFuture(); // the service runs (uncached) while Redis is away
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    near.distrust();
    return Future.join(subscriberClient == null ? Future.succeededFuture() : subscriberClient.close(), commands.close());
  }

  /** A fresh client per attempt, so a connection that died with the server is never handed back. */
  private void subscribe() {
    if (subscriberClient != null) {
      subscriberClient.close();
    }
    RedisTopology topology = RedisTopology.of(config.redis());
    subscriberClient = Redis.createClient(vertx, topology.options());
    AtomicBoolean over = new AtomicBoolean(); // this attempt failed or was lost, and is retried once
    subscriberClient.connect()
        .timeout(2, java.util.concurrent.TimeUnit.SECONDS)
        .compose(conn -> {
          conn.handler(this::onMessage);
          // several callbacks may report one loss (a cluster connection has one per node): the first counts
          conn.exceptionHandler(e -> lost(over));
          conn.endHandler(v -> lost(over));
          return topology.subscribe(conn, List.of(RedirectLookup.CHANNEL, RedirectLookup.ACK_CHANNEL)).map(conn);
        })
        .onSuccess(conn -> {
          if (over.get()) {
            return;
          }
          retryDelay = 50;
          near.trust();
          LOG.info("listening for cache invalidations; near cache enabled");
        })
        .onFailure(e -> lost(over));
  }

  /** The next attempt closes this one's client, and with it what is left of its connections. */
  private void lost(AtomicBoolean over) {
    if (!over.compareAndSet(false, true)) {
      return;
    }
    if (near.trusted()) {
      LOG.warn("invalidation channel lost; near cache disabled until it is back");
    }
    retry();
  }

  private void retry() {
    if (stopping) {
      return;
    }
    near.distrust();
    vertx.setTimer(retryDelay, id -> subscribe());
    retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
  }

  private void onMessage(Response push) {
    String[] message = RedisTopology.message(push);
    if (message == null) {
      return;
    }
    String channel = message[0];
    String payload = message[1];
    if (channel.equals(RedirectLookup.ACK_CHANNEL)) {
      acks.acked(payload);
      return;
    }
    if (RedirectLookup.EVERYTHING.equals(payload)) {
      near.invalidateAll();
      return;
    }
    // "<id>\n<code>\n<code>...": apply, then tell the writer this replica is done
    String[] lines = payload.split("\n");
    near.invalidate(Arrays.asList(lines).subList(1, lines.length));
    commands.publish(RedirectLookup.ACK_CHANNEL, lines[0]);
  }

  /** Redis may hold entries an invalidation could not delete: drop them all, then tell every replica. */
  private void repairRedisIfDirty() {
    if (!near.takeRedisDirty()) {
      return;
    }
    commands.deleteMatching(RedirectLookup.KEY_PREFIX + "*")
        .compose(flushed -> flushed ? commands.publish(RedirectLookup.CHANNEL, RedirectLookup.EVERYTHING) : Future.succeededFuture(-1L))
        .onComplete(ar -> {
          if (ar.failed() || ar.result() < 0) {
            near.markRedisDirty(); // Redis still away: try again next period
          } else {
            LOG.info("flushed cached redirects after Redis missed an invalidation");
          }
        });
  }
}
