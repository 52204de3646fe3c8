package dev.shortener.redirect;

import dev.shortener.cache.BreakerStates;
import dev.shortener.cache.RedisCache;
import dev.shortener.cache.RedisTopology;
import dev.shortener.cache.ReplicaCache;
import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
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
 * Each replica's {@link #listener} applies what it hears to its near cache and acknowledges.
 *
 * <p><b>When the writer cannot reach Redis</b> (tombstones or publish failed) PostgreSQL carries the
 * message instead: the writer sends it with {@code pg_notify} on {@link #PG_CHANNEL} and waits for as
 * many acknowledgements on {@link #PG_ACK_CHANNEL} as there are listening sessions (each listener
 * names its session {@link #LISTENER_NAME} once it listens, so {@code pg_stat_activity} counts them).
 * A listener that hears a message there also tombstones the codes in the Redis it can reach, then
 * acknowledges. The writer reached PostgreSQL a moment ago (it just wrote there), so this bus is up
 * exactly when it is needed. It is a fallback, not a second copy of every message: a normal write
 * costs no extra statement. (A {@code NOTIFY} inside the writing statement would be delivered only on
 * commit, but it would put the protocol into every store's SQL; {@link Publisher#invalidateAfter}
 * already runs whatever the write's outcome.)
 *
 * <p><b>Trust.</b> The near cache is {@link #trusted} only while this replica hears both buses: a
 * writer elsewhere may be using either. When one is lost the near cache is emptied and bypassed, and
 * once both are back it starts from empty, since messages sent meanwhile were missed. Redis that could
 * not be told is repaired once it is back: the listener flushes every redirect key and tells every
 * replica to drop everything ({@link #EVERYTHING}).
 *
 * <p>Other per-replica caches ride on the same protocol ({@link ReplicaCache}: the API-key cache):
 * {@link Publisher#broadcast} sends their entries, marked with {@link ReplicaCache#MARK}, with the
 * same acknowledgements, and they are trusted exactly while the near cache is.
 */
public final class Invalidations {
  private static final Logger LOG = LoggerFactory.getLogger(Invalidations.class);

  static final String CHANNEL = "shortener:invalidate";
  static final String ACK_CHANNEL = "shortener:invalidate-ack";
  /** The PostgreSQL channels of the fallback bus (LISTEN/NOTIFY names, hence no colon). */
  static final String PG_CHANNEL = "shortener_invalidate";
  static final String PG_ACK_CHANNEL = "shortener_invalidate_ack";
  /** The {@code application_name} of a listening session: how a writer counts the listeners. */
  static final String LISTENER_NAME = "shortener-invalidations";
  /** A NOTIFY payload must stay below 8,000 bytes: longer messages go in several parts. */
  private static final int MAX_NOTIFY_BYTES = 7000;
  private static final String NOTIFY = """
      SELECT pg_notify($1, $2),
             (SELECT count(*) FROM pg_stat_activity
               WHERE datname = current_database() AND application_name = $3) AS listeners""";
  /** Message that tells every replica to drop its whole near cache. */
  static final String EVERYTHING = "*";
  /** What an invalidated Redis key holds for {@link #TOMBSTONE_MILLIS}; lookups read it as a miss. */
  static final String TOMBSTONE = "~";
  private static final long TOMBSTONE_MILLIS = 5000;
  /** How long a write waits for every replica to confirm before it answers anyway. */
  private static final long ACK_TIMEOUT_MILLIS = 1000;
  private static final long MAX_RESUBSCRIBE_MS = 2000;
  private static final long REPAIR_PERIOD_MS = 1000;
  /**
   * A LISTEN session whose {@code SELECT 1} has no answer in this long is taken for lost. Generous: a
   * false loss costs a flush of the cached redirects, and a busy server can be slow to answer.
   */
  private static final long PROBE_TIMEOUT_MS = 5000;

  private final NearCache near;
  private final List<ReplicaCache> others;
  private final String replicaId = Long.toHexString(ThreadLocalRandom.current().nextLong());
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean trusted = new AtomicBoolean(false);
  /** Which buses this replica hears; only the listener verticle changes them. */
  private boolean hearsRedis;
  private boolean hearsPostgres;
  private final AtomicBoolean redisDirty = new AtomicBoolean(false);

  public Invalidations(NearCache near, ReplicaCache... others) {
    this.near = near;
    this.others = List.of(others);
  }

  /** True while this replica hears invalidations: only then may its near cache be read or filled. */
  public boolean trusted() {
    return trusted.get();
  }

  /** A verticle's way to invalidate, over its own Redis connection (and its database, when Redis fails). */
  public Publisher publisher(RedisCache redis, Database db) {
    return new Publisher(redis, db);
  }

  /** The replica's subscriber on both buses and its Redis repairer: deploy one per replica. */
  public VerticleBase listener(AppConfig config, BreakerStates breakers) {
    return new Listener(config, breakers);
  }

  /** Invalidates over one verticle's Redis connection. */
  public final class Publisher {
    private final RedisCache redis;
    private final Database db;

    private Publisher(RedisCache redis, Database db) {
      this.redis = redis;
      this.db = db;
    }

    /**
     * Invalidates {@code codes} once {@code write} has finished, whatever its outcome: a write that
     * failed for us (a timeout, a lost connection) may still have committed, and a committed change
     * must never stay cached. The result is the write's; on success the invalidation's failure too.
     */
    public <T> Future<T> invalidateAfter(Collection<String> codes, Future<T> write) {
      return write.transform(outcome -> invalidate(codes).transform(invalidated -> {
        if (outcome.failed()) {
          return Future.failedFuture(outcome.cause());
        }
        return invalidated.failed() ? Future.failedFuture(invalidated.cause()) : Future.succeededFuture(outcome.result());
      }));
    }

    /**
     * Drops the codes from every tier on every replica and completes once every replica has
     * confirmed (or could not in time, and so distrusts its near cache). Never fails: when Redis
     * cannot be told, PostgreSQL carries the message, and Redis's copies are flushed once it is back.
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
          return overPostgres(entries);
        }
        return await(id, receivers)
            .otherwise(timeout -> null); // a replica that cannot ack in time has lost its channel: it distrusts its cache
      });
    }

    /**
     * Redis missed the message: send it with NOTIFY and wait for every listening session, as over
     * Redis. Never fails; when PostgreSQL cannot be told either, the write itself most likely failed,
     * and listeners that lost PostgreSQL distrust their caches.
     */
    private Future<Void> overPostgres(Collection<String> entries) {
      List<Future<Void>> parts = new ArrayList<>();
      for (List<String> part : parts(entries)) {
        String id = open();
        parts.add(db.query(NOTIFY, Tuple.of(PG_CHANNEL, message(id, part), LISTENER_NAME))
            .compose(rows -> await(id, rows.iterator().next().getLong("listeners")))
            .recover(e -> {
              pending.remove(id);
              LOG.warn("invalidation over PostgreSQL not confirmed: {}", e.getMessage());
              return Future.succeededFuture();
            }));
      }
      return Future.join(parts).mapEmpty();
    }
  }

  /** The entries in groups whose message fits a NOTIFY payload. */
  static List<List<String>> parts(Collection<String> entries) {
    List<List<String>> parts = new ArrayList<>();
    List<String> part = new ArrayList<>();
    int bytes = 0;
    for (String entry : entries) {
      int size = entry.getBytes(StandardCharsets.UTF_8).length + 1;
      if (!part.isEmpty() && bytes + size > MAX_NOTIFY_BYTES) {
        parts.add(part);
        part = new ArrayList<>();
        bytes = 0;
      }
      part.add(entry);
      bytes += size;
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
    return parts;
  }

  /**
   * The PUBLISH of {@code entries} from outside a replica (the {@code api-key} command line), with no
   * acknowledgements awaited.
   */
  public static Request publishRequest(RedisTopology topology, Collection<String> entries) {
    return topology.publish(CHANNEL, message("cli", entries));
  }

  /**
   * The same message from outside a replica over PostgreSQL, with no acknowledgements awaited: sent
   * besides the PUBLISH, since the command line cannot know whether the replicas hear Redis.
   */
  public static Future<Void> notifyFromOutside(Database db, Collection<String> entries) {
    return Future.join(parts(entries).stream()
        .map(part -> db.query(NOTIFY, Tuple.of(PG_CHANNEL, message("cli", part), LISTENER_NAME)))
        .toList()).mapEmpty();
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

  /** A bus is up (the listener's context): once both are, start from empty and trust what gets cached. */
  private void heard(boolean redis, boolean postgres) {
    hearsRedis = redis;
    hearsPostgres = postgres;
    if (hearsRedis && hearsPostgres) {
      trust();
    } else {
      distrust();
    }
  }

  /** Both buses are up: start from empty and trust what gets cached from now on. */
  private void trust() {
    near.invalidateAll();
    others.forEach(ReplicaCache::trust);
    trusted.set(true);
  }

  /** A bus is down: changes elsewhere would go unheard, so cache nothing. */
  private void distrust() {
    trusted.set(false);
    near.invalidateAll();
    others.forEach(ReplicaCache::distrust);
  }

  // ---- the listener -------------------------------------------------------------------------------

  /**
   * Subscribes to both buses and applies what it hears; each re-subscribes with backoff, with a fresh
   * client or connection per attempt, so a connection that died with the server is never handed back.
   */
  private final class Listener extends VerticleBase {
    private final AppConfig config;
    private final BreakerStates breakers;
    private Redis subscriberClient;
    private RedisCache commands;
    private PgConnection listening;
    private AtomicBoolean listeningOver = new AtomicBoolean(true);
    private boolean listenedBefore;
    private Future<Void> repair = Future.succeededFuture();
    private final Backoff redisBackoff = new Backoff();
    private final Backoff postgresBackoff = new Backoff();
    private boolean stopping;

    Listener(AppConfig config, BreakerStates breakers) {
      this.config = config;
      this.breakers = breakers;
    }

    @Override
    public Future<?> start() {
      commands = RedisCache.create(vertx, config.redis(), breakers);
      vertx.setPeriodic(REPAIR_PERIOD_MS, id -> {
        repairRedisIfDirty();
        probeListening();
      });
      subscribe();
      listen();
      return Future.succeededFuture(); // the service runs (uncached) while a bus is away
    }

    @Override
    public Future<?> stop() {
      stopping = true;
      distrust();
      return Future.join(subscriberClient == null ? Future.succeededFuture() : subscriberClient.close(),
          listening == null ? Future.succeededFuture() : listening.close(), commands.close());
    }

    // ---- Redis

    private void subscribe() {
      if (subscriberClient != null) {
        subscriberClient.close();
      }
      RedisTopology topology = RedisTopology.of(config.redis());
      subscriberClient = Redis.createClient(vertx, topology.options());
      AtomicBoolean over = new AtomicBoolean(); // this attempt failed or was lost, and is retried once
      subscriberClient.connect()
          .timeout(2, TimeUnit.SECONDS)
          .compose(conn -> {
            conn.handler(this::onMessage);
            // several callbacks may report one loss (a cluster connection has one per node): the first counts
            conn.exceptionHandler(e -> redisLost(over));
            conn.endHandler(v -> redisLost(over));
            return topology.subscribe(conn, List.of(CHANNEL, ACK_CHANNEL)).map(conn);
          })
          // stale entries left by a missed invalidation go before the near cache may be filled from Redis
          .compose(conn -> repairRedisIfDirty().map(conn))
          .onSuccess(conn -> {
            if (over.get()) {
              return;
            }
            redisBackoff.reset();
            heard(true, hearsPostgres);
            LOG.info("listening for cache invalidations on Redis{}", trusted() ? "; near cache enabled" : "");
          })
          .onFailure(e -> redisLost(over));
    }

    /** The next attempt closes this one's client, and with it what is left of its connections. */
    private void redisLost(AtomicBoolean over) {
      if (!over.compareAndSet(false, true) || stopping) {
        return;
      }
      if (trusted()) {
        LOG.warn("invalidation channel on Redis lost; near cache disabled until it is back");
      }
      heard(false, hearsPostgres);
      vertx.setTimer(redisBackoff.next(), id -> subscribe());
    }

    private void onMessage(Response push) {
      String[] message = RedisTopology.message(push);
      if (message == null) {
        return;
      }
      String channel = message[0];
      String payload = message[1];
      if (channel.equals(ACK_CHANNEL)) {
        acked(payload);
        return;
      }
      if (EVERYTHING.equals(payload)) {
        near.invalidateAll();
        return;
      }
      String[] lines = payload.split("\n");
      apply(lines);
      commands.publish(ACK_CHANNEL, lines[0]);
    }

    // ---- PostgreSQL

    /**
     * LISTENs on a connection of its own, then names the session so writers count it: a session is
     * counted only once it hears.
     */
    private void listen() {
      AtomicBoolean over = new AtomicBoolean();
      listeningOver = over;
      Database.dedicatedConnection(vertx, config.database())
          .compose(conn -> {
            listening = conn;
            conn.notificationHandler(this::onNotification);
            conn.exceptionHandler(e -> postgresLost(conn, over));
            conn.closeHandler(v -> postgresLost(conn, over));
            return conn.query("LISTEN " + PG_CHANNEL + "; LISTEN " + PG_ACK_CHANNEL
                + "; SET application_name = '" + LISTENER_NAME + "'").execute().map(conn);
          })
          .compose(conn -> {
            if (!listenedBefore) {
              return Future.succeededFuture(conn);
            }
            // messages sent while this session was away were missed, and with them maybe Redis copies
            // that nobody replaced (their writer could not reach Redis): drop those before trusting again
            return commands.deleteMatching(RedirectLookup.KEY_PREFIX + "*").map(flushed -> {
              if (!flushed) {
                redisDirty.set(true);
              }
              return conn;
            });
          })
          .onSuccess(conn -> {
            if (over.get()) {
              return;
            }
            postgresBackoff.reset();
            listenedBefore = true;
            heard(hearsRedis, true);
            LOG.info("listening for cache invalidations on PostgreSQL{}", trusted() ? "; near cache enabled" : "");
          })
          .onFailure(e -> postgresLost(listening, over));
    }

    /** A lost session missed what was sent meanwhile: distrust now, start from empty once listening again. */
    private void postgresLost(PgConnection conn, AtomicBoolean over) {
      if (!over.compareAndSet(false, true) || stopping) {
        return;
      }
      if (hearsPostgres) {
        LOG.warn("invalidation channel on PostgreSQL lost; near cache disabled until it is back");
      }
      if (conn != null) {
        conn.close();
      }
      heard(hearsRedis, false);
      vertx.setTimer(postgresBackoff.next(), id -> listen());
    }

    /** A session that died without a word (a cut network) answers nothing: that counts as lost too. */
    private void probeListening() {
      PgConnection conn = listening;
      if (conn == null || !hearsPostgres) {
        return;
      }
      conn.query("SELECT 1").execute()
          .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .onFailure(e -> {
            if (conn == listening) {
              postgresLost(conn, listeningOver);
            }
          });
    }

    /** A writer that could not reach Redis sent this: tombstone what this replica reaches, then acknowledge. */
    private void onNotification(PgNotification notification) {
      String payload = notification.getPayload();
      if (PG_ACK_CHANNEL.equals(notification.getChannel())) {
        acked(payload);
        return;
      }
      String[] lines = payload.split("\n");
      List<String> keys = apply(lines).stream().map(code -> RedirectLookup.KEY_PREFIX + code).toList();
      PgConnection conn = listening;
      (keys.isEmpty() ? Future.succeededFuture(true) : commands.setAll(keys, TOMBSTONE, TOMBSTONE_MILLIS))
          .onComplete(stored -> conn.preparedQuery("SELECT pg_notify($1, $2)")
              .execute(Tuple.of(PG_ACK_CHANNEL, lines[0])));
    }

    // ---- both

    /**
     * Applies {@code "<id>\n<entry>\n<entry>..."} (short codes, or entries marked for the other
     * caches) to this replica's caches and returns the short codes.
     */
    private List<String> apply(String[] lines) {
      List<String> codes = new ArrayList<>(lines.length);
      for (String entry : Arrays.asList(lines).subList(1, lines.length)) {
        if (entry.startsWith(ReplicaCache.MARK)) {
          others.forEach(cache -> cache.invalidate(entry));
        } else {
          codes.add(entry);
        }
      }
      near.invalidate(codes);
      return codes;
    }

    /**
     * Redis may hold entries an invalidation could not replace: drop them all, then tell every replica.
     * Fails while Redis is still away (and it is tried again).
     */
    private Future<Void> repairRedisIfDirty() {
      if (!repair.isComplete()) {
        return repair;
      }
      if (!redisDirty.getAndSet(false)) {
        return Future.succeededFuture();
      }
      repair = commands.deleteMatching(RedirectLookup.KEY_PREFIX + "*")
          .compose(flushed -> flushed ? commands.publish(CHANNEL, EVERYTHING) : Future.succeededFuture(-1L))
          .transform(ar -> {
            if (ar.failed() || ar.result() < 0) {
              redisDirty.set(true); // Redis still away: try again next period
              return Future.failedFuture("Redis could not be repaired yet");
            }
            LOG.info("flushed cached redirects after Redis missed an invalidation");
            return Future.succeededFuture();
          });
      return repair;
    }
  }

  /** Retry delays of one bus: 50 ms, doubling up to {@link #MAX_RESUBSCRIBE_MS}. */
  private static final class Backoff {
    private long delay = 50;

    long next() {
      long current = delay;
      delay = Math.min(delay * 2, MAX_RESUBSCRIBE_MS);
      return current;
    }

    void reset() {
      delay = 50;
    }
  }
}
