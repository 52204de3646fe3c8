package dev.shortener.db;

import dev.shortener.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import dev.shortener.config.DatabaseUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * PostgreSQL access for one verticle: a pipelined client for single statements (the hot path) and
 * a pool for transactions and cursors, on the primary; a pipelined client on each read replica for
 * {@link #read}. Every failure goes through {@link SqlFailures}.
 */
public final class Database {
  /** Rows fetched per round trip when streaming a whole table. */
  public static final int STREAM_FETCH_SIZE = 256;
  private static final int CONNECT_TIMEOUT_MS = 2000;

  /** A replica's transaction pool stays unused (streams read the primary) and so opens no connection. */
  private static final int REPLICA_STREAM_POOL_SIZE = 1;

  /** A pipelined client for single statements and a pool for cursors, on one server. */
  private record Clients(SqlClient pipelined, Pool pool) {
    static Clients create(Vertx vertx, DatabaseUrl url, String name, int pipelinedSize, int poolSize) {
      PgConnectOptions connect = connectOptions(url);
      NetClientOptions net = new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpNoDelay(true);
      SqlClient pipelined = PgBuilder.client()
          .with(poolOptions(name, pipelinedSize))
          .with(net)
          .connectingTo(connect)
          .using(vertx)
          .build();
      Pool pool = PgBuilder.pool()
          .with(poolOptions(name + "-tx", poolSize))
          .with(net)
          .connectingTo(new PgConnectOptions(connect).setPipeliningLimit(1))
          .using(vertx)
          .build();
      return new Clients(pipelined, pool);
    }

    Future<Void> close() {
      return Future.join(pipelined.close(), pool.close()).mapEmpty();
    }
  }

  private final SqlClient pipelined;
  private final Pool pool;
  private final Clients primary;
  private final List<Clients> replicas;
  private final ReadReplicas replicaStates;
  private final long timeoutMillis;

  private Database(Clients primary, List<Clients> replicas, ReadReplicas replicaStates, Duration timeout) {
    this.primary = primary;
    this.pipelined = primary.pipelined();
    this.pool = primary.pool();
    this.replicas = replicas;
    this.replicaStates = replicaStates;
    this.timeoutMillis = timeout.toMillis();
  }

  /** The primary only. */
  public static Database create(Vertx vertx, AppConfig.Database config) {
    return create(vertx, config, null);
  }

  /** The primary, and the read replicas of {@code replicas} (null: none) for {@link #read}. */
  public static Database create(Vertx vertx, AppConfig.Database config, ReadReplicas replicas) {
    Clients primary = Clients.create(vertx, config.url(), "pg", config.pipelinedSize(), config.poolSize());
    List<Clients> replicaClients = new ArrayList<>();
    if (replicas != null) {
      replicas.urls().forEach(url -> replicaClients.add(
          Clients.create(vertx, url, "pg-replica", config.pipelinedSize(), REPLICA_STREAM_POOL_SIZE)));
    }
    return new Database(primary, replicaClients, replicas, config.queryTimeout());
  }

  static PgConnectOptions connectOptions(DatabaseUrl url) {
    return new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setPipeliningLimit(256);
  }

  static PoolOptions poolOptions(String name, int size) {
    return new PoolOptions()
        .setName(name)
        .setMaxSize(size)
        .setMaxWaitQueueSize(4096)
        .setConnectionTimeout(2)
        .setConnectionTimeoutUnit(TimeUnit.SECONDS)
        .setIdleTimeout(60)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /** One prepared statement on the pipelined client. */
  public Future<RowSet<Row>> query(String sql, Tuple args) {
    return guard(pipelined.preparedQuery(sql).execute(args));
  }

  /**
   * One prepared statement that a read replica may answer: the primary's data as of at most
   * {@code database.replica-max-lag-ms} ago. Not for reads that must see the caller's own writes.
   * When no replica is usable, or the replica fails, the primary answers (no error for a replica
   * down); when {@code confirmOnPrimary} holds for the replica's rows (a miss that may be lag), the
   * primary is asked too.
   */
  public Future<RowSet<Row>> read(String sql, Tuple args, Predicate<RowSet<Row>> confirmOnPrimary) {
    int i = replicaStates == null ? -1 : replicaStates.pick();
    if (i < 0) {
      return query(sql, args);
    }
    return guard(replicas.get(i).pipelined().preparedQuery(sql).execute(args)).transform(ar -> {
      if (ar.failed()) {
        replicaFailed(i, ar.cause());
        return query(sql, args);
      }
      return confirmOnPrimary.test(ar.result()) ? query(sql, args) : Future.succeededFuture(ar.result());
    });
  }

  /** {@link #read} without confirming anything on the primary (lists). */
  public Future<RowSet<Row>> read(String sql, Tuple args) {
    return read(sql, args, rows -> false);
  }

  /**
   * Runs {@code attempt} again (at most twice more) when PostgreSQL chose it as a deadlock victim:
   * it was rolled back whole, so running it again is what a client retrying would do. Writers that
   * lock URLs, users and events through their foreign keys in different orders (a user's delete and
   * an event naming that user) can deadlock; neither should answer 500 for it.
   */
  public static <T> Future<T> retryingDeadlocks(java.util.function.Supplier<Future<T>> attempt) {
    return retryingDeadlocks(attempt, 2);
  }

  private static <T> Future<T> retryingDeadlocks(java.util.function.Supplier<Future<T>> attempt, int left) {
    return attempt.get().recover(failure -> left > 0 && failure instanceof io.vertx.pgclient.PgException pg
        && "40P01".equals(pg.getSqlState()) ? retryingDeadlocks(attempt, left - 1) : Future.failedFuture(failure));
  }

  /** Work on one connection inside BEGIN/COMMIT; rolled back if the returned future fails. */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    return guard(pool.withTransaction(work));
  }

  /**
   * Streams the rows of {@code sql} through a server-side cursor, so memory stays flat whatever the
   * table size. {@code consumer} reads the stream and completes when it is done with it.
   */
  public Future<Void> stream(String sql, Tuple args, Function<RowStream<Row>, Future<Void>> consumer) {
    return stream(pool, sql, args, consumer);
  }

  private static Future<Void> stream(Pool on, String sql, Tuple args, Function<RowStream<Row>, Future<Void>> consumer) {
    return on.withTransaction(conn -> conn.prepare(sql)
            .compose(statement -> consumer.apply(statement.createStream(STREAM_FETCH_SIZE, args))))
        .recover(SqlFailures::translate);
  }

  /** True when the database answers {@code SELECT 1} within {@code timeout}. */
  public Future<Boolean> ping(Duration timeout) {
    return pipelined.query("SELECT 1").execute()
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .map(rows -> true)
        .otherwise(false);
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>(List.of(primary.close()));
    replicas.forEach(r -> closing.add(r.close()));
    return Future.join(closing).mapEmpty();
  }

  /** A replica that could not be reached is skipped until its probe succeeds (the primary answers meanwhile). */
  private void replicaFailed(int i, Throwable failure) {
    if (SqlFailures.unreachable(failure)) {
      replicaStates.failed(i);
    }
  }

  private <T> Future<T> guard(Future<T> future) {
    return future.timeout(timeoutMillis, TimeUnit.MILLISECONDS).recover(SqlFailures::translate);
  }
}
