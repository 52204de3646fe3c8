package dev.shortener.cache;

import dev.shortener.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How Redis is deployed (one server, a Redis Cluster, or a master found through Sentinel) and the
 * few things that changes for the service; everything else is the same commands on one connection.
 *
 * <ul>
 *   <li>Cluster: vert.x-redis-client routes each command to the master of its key's slot. Every
 *       command the service sends names one key ({@code sc:<code>}), so no command or script spans
 *       slots; a future multi-key script must put its keys under one hash tag ({@code {code}}).
 *   <li>Pub/sub in a cluster is sharded (SSUBSCRIBE/SPUBLISH, Redis 7): a classic PUBLISH reaches
 *       every node, but its reply counts only the subscribers of the node it ran on, and the
 *       invalidation protocol waits for exactly that many acknowledgements. A channel's shard master
 *       holds every subscriber of that channel, so SPUBLISH's count is all of them.
 *   <li>SCAN covers one node: a cluster is scanned master by master.
 * </ul>
 */
public final class RedisTopology {
  private static final long CONNECT_TIMEOUT_MS = 2000;

  private final AppConfig.Redis config;

  private RedisTopology(AppConfig.Redis config) {
    this.config = config;
  }

  public static RedisTopology of(AppConfig.Redis config) {
    return new RedisTopology(config);
  }

  public AppConfig.Redis.Mode mode() {
    return config.mode();
  }

  /** Client options for this deployment; every client of the service is made from them. */
  public RedisOptions options() {
    RedisOptions options = new RedisOptions()
        .setPoolName("redis")
        .setMaxWaitingHandlers(4096)
        // vertx-redis-client 5.0 ties spans to the connection's context, not the request's: they would
        // be orphans, so RedisCache makes its own child spans
        .setTracingPolicy(TracingPolicy.IGNORE);
    switch (config.mode()) {
      case CLUSTER -> {
        options.setType(RedisClientType.CLUSTER);
        config.clusterNodes().forEach(options::addConnectionString);
      }
      case SENTINEL -> {
        options.setType(RedisClientType.SENTINEL).setMasterName(config.masterName()).setRole(RedisRole.MASTER);
        config.sentinels().forEach(options::addConnectionString);
      }
      case STANDALONE -> options.setConnectionString(config.url());
    }
    return options;
  }

  /** PUBLISH, or SPUBLISH in a cluster (see the class comment). */
  public Request publish(String channel, String message) {
    return Request.cmd(sharded() ? Command.SPUBLISH : Command.PUBLISH).arg(channel).arg(message);
  }

  /** Subscribes {@code conn} to the channels (in a cluster, each on its own shard's master). */
  public Future<Void> subscribe(RedisConnection conn, List<String> channels) {
    if (!sharded()) {
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      channels.forEach(subscribe::arg);
      return conn.send(subscribe).mapEmpty();
    }
    List<Future<Response>> each = new ArrayList<>();
    channels.forEach(channel -> each.add(conn.send(Request.cmd(Command.SSUBSCRIBE).arg(channel))));
    return Future.all(each).mapEmpty();
  }

  /** {@code [channel, payload]} of a pushed pub/sub message, or null for anything else. */
  public static String[] message(Response push) {
    // ["message" | "smessage", channel, payload], in RESP2 and RESP3 alike
    if (push == null || push.size() < 3) {
      return null;
    }
    String kind = push.get(0).toString();
    return "message".equalsIgnoreCase(kind) || "smessage".equalsIgnoreCase(kind)
        ? new String[] {push.get(1).toString(), push.get(2).toString()}
        : null;
  }

  /**
   * Runs {@code onPage} with every page of keys matching {@code pattern}, on every node that holds
   * keys (the one server, or each cluster master through a connection of its own); fails when a
   * node cannot be scanned or {@code onPage} fails.
   */
  Future<Void> scan(Vertx vertx, RedisConnection routed, String pattern, Function<List<String>, Future<?>> onPage) {
    if (config.mode() != AppConfig.Redis.Mode.CLUSTER) {
      return scan(routed, "0", pattern, onPage);
    }
    return routed.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).compose(slots -> {
      Future<Void> chain = Future.succeededFuture();
      for (String master : masters(slots)) {
        chain = chain.compose(v -> {
          Redis node = Redis.createClient(vertx, new RedisOptions().setConnectionString(master));
          return node.connect().timeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
              .compose(conn -> scan(conn, "0", pattern, onPage))
              .eventually(node::close);
        });
      }
      return chain;
    });
  }

  private static Future<Void> scan(RedisConnection conn, String cursor, String pattern,
      Function<List<String>, Future<?>> onPage) {
    Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000);
    return conn.send(scan).compose(page -> {
      String next = page.get(0).toString();
      List<String> keys = new ArrayList<>();
      page.get(1).forEach(key -> keys.add(key.toString()));
      return onPage.apply(keys).compose(v -> "0".equals(next) ? Future.succeededFuture() : scan(conn, next, pattern, onPage));
    });
  }

  /** The masters' URLs from a CLUSTER SLOTS reply, with the credentials of the configured nodes. */
  private Set<String> masters(Response slots) {
    URI seed = URI.create(config.clusterNodes().get(0));
    String userInfo = seed.getRawUserInfo() == null ? "" : seed.getRawUserInfo() + "@";
    Set<String> masters = new LinkedHashSet<>();
    // each range: [start, end, [host, port, id, ...], replicas...]
    for (Response range : slots) {
      Response master = range.get(2);
      masters.add(seed.getScheme() + "://" + userInfo + master.get(0).toString() + ":" + master.get(1).toInteger());
    }
    return masters;
  }

  private boolean sharded() {
    return config.mode() == AppConfig.Redis.Mode.CLUSTER;
  }
}
