package dev.shortener.redirect;

import dev.shortener.cache.BreakerStates;
import dev.shortener.cache.RedisCache;
import dev.shortener.cache.ReplicaCache;
import dev.shortener.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a write makes every replica forget the redirects it changed, all of it in this file. One per
 * replica, shared by its verticles.
 *
 * <p>A write calls {@link Publisher#invalidate} (through its verticle's {@link #publisher}) before
 * it answers, which
 * <ol>
 *   <li>drops the codes from this replica's near cache;</li>
 *   <li>replaces their Redis entries with short-lived tombstones ({@link #TOMBSTONE}: fills are
 *       {@code SET NX}, so a lookup that read the database before the change cannot write the old
 *       value back);</li>
 *   <li>publishes {@code "<id>\n<code>\n..."} on {@link #CHANNEL};</li>
 *   <li>waits until as many acknowledgements as PUBLISH reported receivers came back on
 *       {@link #ACK_CHANNEL} (bounded by {@link #ACK_TIMEOUT_MILLIS}).</li>
 * </ol>
 * Each replica's {@link #listener} applies what it hears to its near cache and acknowledges. While
 * its subscription is down the near cache is not {@link #trusted}: changes elsewhere would go
 * unheard. When Redis could not be told (tombstones or publish failed), the listener repairs it
 * once Redis is back: it flushes every redirect key and tells every replica to drop everything
 * ({@link #EVERYTHING}).
 *
 * <p>Other per-replica caches ride on the same protocol ({@link ReplicaCache}: the API-key cache):
 * {@link Publisher#broadcast} sends their entries, marked with {@link ReplicaCache#MARK}, with the
 * same acknowledgements, and they are trusted exactly while the near cache is.
 */
public final class Invalidations {
  private static final Logger LOG = LoggerFactory.getLogger(Invalidations.class);

  static final String CHANNEL = "shortener:invalidate";
  static final String ACK_CHANNEL = "shortener:invalidate-ack";
  /** Message that tells every replica to drop its whole near cache. */
  static final String EVERYTHING = "*";
  /** What an invalidated Redis key holds for {@link #TOMBSTONE_MILLIS}; lookups read it as a miss. */
  static final String TOMBSTONE = "~";
  private static final long TOMBSTONE_MILLIS = 5000;
  /** How long a write waits for every replica to confirm before it answers anyway. */
  private static final long ACK_TIMEOUT_MILLIS = 1000;
  private static final long MAX_RESUBSCRIBE_MS = 2000;
  private static final long REPAIR_PERIOD_MS = 1000;

  private final NearCache near;
  private final List<ReplicaCache> others;
  private final String replicaId = Long.toHexString(ThreadLocalRandom.current().nextLong());
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean trusted = new AtomicBoolean(false);
  private final AtomicBoolean redisDirty = new AtomicBoolean(false);

  public Invalidations(NearCache near, ReplicaCache... others) {
    this.near = near;
    this.others = List.of(others);
  }

  /** True while this replica hears invalidations: only then may its near cache be read or filled. */
  public boolean trusted() {
    return trusted.get();
  }

  /** A verticle's way to invalidate, over its own Redis connection. */
  public Publisher publisher(RedisCache redis) {
    return new Publisher(redis);
  }

  /** The replica's subscriber and Redis repairer: deploy one per replica. */
  public VerticleBase listener(AppConfig.Redis config, BreakerStates breakers) {
    return new Listener(config, breakers);
  }

  /** Invalidates over one verticle's Redis connection. */
  public final class Publisher {
    private final RedisCache redis;

    private Publisher(RedisCache redis) {
      this.redis = redis;
    }

    /**
     * Drops the codes from every tier on every replica and completes once every replica has
     * confirmed (or could not in time, and so distrusts its near cache). Never fails: when Redis
     * cannot be told, its copies are flushed once it is back.
     */
    public Future<Void> invalidate(Collection<String> codes) {
      if (codes.isEmpty()) {
        return Future.succeededFuture();
      }
      near.invalidate(codes);
      List<String> keys = codes.stream().map(code -> RedirectLookup.KEY_PREFIX + code).toList();
      return redis.setAll(keys, TOMBSTONE, TOMBSTONE_MILLIS).compose(stored -> publish(codes, stored));
    }

    /**
     * Sends entries of the other replica caches ({@link ReplicaCache#MARK}...) to every replica and
     * completes once every replica has confirmed, as {@link #invalidate} does. The caller has applied
     * them locally already.
     */
    public Future<Void> broadcast(Collection<String> entries) {
      return entries.isEmpty() ? Future.succeededFuture() : publish(entries, true);
    }

    private Future<Void> publish(Collection<String> entries, boolean redisStored) {
      String id = open();
      return redis.publish(CHANNEL, message(id, entries)).compose(receivers -> {
        if (!redisStored || receivers < 0) {
          pending.remove(id);
          redisDirty.set(true);
          return Future.succeededFuture();
        }
        return await(id, receivers)
            .otherwise(timeout -> null); // a replica that cannot ack in time has lost its channel: it distrusts its cache
      });
    }
  }

  /**
   * The PUBLISH of {@code entries} from outside a replica (the {@code api-key} command line), with no
   * acknowledgements awaited.
   */
  public static Request publishRequest(Collection<String> entries) {
    return Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(message("cli", entries));
  }

  /** {@code "<id>\n<entry>\n<entry>..."}: an id the listeners acknowledge, then one entry per line. */
  private static String message(String id, Collection<String> entries) {
    return id + "\n" + String.join("\n", entries);
  }

  // ---- acknowledgements -------------------------------------------------------------------------

  private static final class Pending {
    final Promise<Void> done = Promise.promise();
    final AtomicInteger acks = new AtomicInteger();
    volatile long expected = Long.MAX_VALUE;

    void check() {
      if (acks.get() >= expected) {
        done.tryComplete();
      }
    }
  }

  /** Registers a new invalidation before it is published (acks can beat the PUBLISH reply). */
  private String open() {
    String id = replicaId + "-" + sequence.incrementAndGet();
    pending.put(id, new Pending());
    return id;
  }

  /** Completes when {@code receivers} acks are in, or fails after the ack timeout. */
  private Future<Void> await(String id, long receivers) {
    Pending p = pending.get(id);
    p.expected = receivers;
    p.check();
    return p.done.future().timeout(ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).onComplete(ar -> pending.remove(id));
  }

  /** Every ack the listener hears; acks of other replicas' invalidations are not pending here. */
  private void acked(String id) {
    Pending p = pending.get(id);
    if (p != null) {
      p.acks.incrementAndGet();
      p.check();
    }
  }

  // ---- trust --------------------------------------------------------------------------------------

  /** The channel is up: start from empty and trust what gets cached from now on. */
  private void trust() {
    near.invalidateAll();
    others.forEach(ReplicaCache::trust);
    trusted.set(true);
  }

  /** The channel is down: changes elsewhere would go unheard, so cache nothing. */
  private void distrust() {
    trusted.set(false);
    near.invalidateAll();
    others.forEach(ReplicaCache::distrust);
  }

  // ---- the listener -------------------------------------------------------------------------------

  /**
   * Subscribes to the channels and applies what it hears; re-subscribes with backoff, a fresh
   * client per attempt, so a connection that died with the server is never handed back.
   */
  private final class Listener extends VerticleBase {
    private final AppConfig.Redis config;
    private final BreakerStates breakers;
    private Redis subscriberClient;
    private RedisCache commands;
    private long retryDelay = 50;
    private boolean stopping;

    Listener(AppConfig.Redis config, BreakerStates breakers) {
      this.config = config;
      this.breakers = breakers;
    }

    @Override
    public Future<?> start() {
      commands = RedisCache.create(vertx, config, breakers);
      vertx.setPeriodic(REPAIR_PERIOD_MS, id -> repairRedisIfDirty());
      subscribe();
      return Future.succeededFuture(); // the service runs (uncached) while Redis is away
    }

    @Override
    public Future<?> stop() {
      stopping = true;
      distrust();
      return Future.join(subscriberClient == null ? Future.succeededFuture() : subscriberClient.close(),
          commands.close());
    }

    private void subscribe() {
      if (subscriberClient != null) {
        subscriberClient.close();
      }
      subscriberClient = Redis.createClient(vertx, RedisCache.options(config));
      subscriberClient.connect()
          .timeout(2, TimeUnit.SECONDS)
          .compose(conn -> {
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> lost(conn));
            conn.endHandler(v -> lost(conn));
            return conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL).arg(ACK_CHANNEL)).map(conn);
          })
          .onSuccess(conn -> {
            retryDelay = 50;
            trust();
            LOG.info("listening for cache invalidations; near cache enabled");
          })
          .onFailure(e -> retry());
    }

    private void lost(RedisConnection conn) {
      if (trusted()) {
        LOG.warn("invalidation channel lost; near cache disabled until it is back");
      }
      distrust();
      conn.close();
      retry();
    }

    private void retry() {
      if (stopping) {
        return;
      }
      distrust();
      vertx.setTimer(retryDelay, id -> subscribe());
      retryDelay = Math.min(retryDelay * 2, MAX_RESUBSCRIBE_MS);
    }

    private void onMessage(Response message) {
      // pub/sub pushes are ["message", channel, payload] in both RESP2 and RESP3
      if (message.size() < 3 || !"message".equalsIgnoreCase(message.get(0).toString())) {
        return;
      }
      String channel = message.get(1).toString();
      String payload = message.get(2).toString();
      if (channel.equals(ACK_CHANNEL)) {
        acked(payload);
        return;
      }
      if (EVERYTHING.equals(payload)) {
        near.invalidateAll();
        return;
      }
      // "<id>\n<entry>\n<entry>...": short codes or marked entries; apply, then tell the writer this replica is done
      String[] lines = payload.split("\n");
      List<String> codes = new ArrayList<>(lines.length);
      for (String entry : Arrays.asList(lines).subList(1, lines.length)) {
        if (entry.startsWith(ReplicaCache.MARK)) {
          others.forEach(cache -> cache.invalidate(entry));
        } else {
          codes.add(entry);
        }
      }
      near.invalidate(codes);
      commands.publish(ACK_CHANNEL, lines[0]);
    }

    /** Redis may hold entries an invalidation could not replace: drop them all, then tell every replica. */
    private void repairRedisIfDirty() {
      if (!redisDirty.getAndSet(false)) {
        return;
      }
      flushKeys("0").compose(v -> commands.publish(CHANNEL, EVERYTHING))
          .onComplete(ar -> {
            if (ar.failed() || ar.result() < 0) {
              redisDirty.set(true); // Redis still away: try again next period
            } else {
              LOG.info("flushed cached redirects after Redis missed an invalidation");
            }
          });
    }

    private Future<Void> flushKeys(String cursor) {
      Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(RedirectLookup.KEY_PREFIX + "*")
          .arg("COUNT").arg(1000);
      return commands.command(scan).compose(answer -> {
        if (answer.isEmpty()) {
          return Future.failedFuture("redis unavailable");
        }
        Response page = answer.get();
        String next = page.get(0).toString();
        List<String> keys = new ArrayList<>();
        page.get(1).forEach(key -> keys.add(key.toString()));
        return commands.delete(keys).compose(ok -> {
          if (!ok) {
            return Future.failedFuture("redis unavailable");
          }
          return "0".equals(next) ? Future.succeededFuture() : flushKeys(next);
        });
      });
    }
  }
}
