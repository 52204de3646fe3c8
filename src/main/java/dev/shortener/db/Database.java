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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * PostgreSQL access for one verticle: a pipelined client for single statements (the hot path) and
 * a pool for transactions and cursors. Every failure goes through {@link SqlFailures}.
 */
public final class Database {
  /** Rows fetched per round trip when streaming a whole table. */
  public static final int STREAM_FETCH_SIZE = 256;
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final SqlClient pipelined;
  private final Pool pool;
  private final long timeoutMillis;

  private Database(SqlClient pipelined, Pool pool, Duration timeout) {
    this.pipelined = pipelined;
    this.pool = pool;
    this.timeoutMillis = timeout.toMillis();
  }

  public static Database create(Vertx vertx, AppConfig.Database config) {
    var url = config.url();
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setPipeliningLimit(256);
    NetClientOptions net = new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpNoDelay(true);
    SqlClient pipelined = PgBuilder.client()
        .with(poolOptions("pg", config.pipelinedSize()))
        .with(net)
        .connectingTo(connect)
        .using(vertx)
        .build();
    Pool pool = PgBuilder.pool()
        .with(poolOptions("pg-tx", config.poolSize()))
        .with(net)
        .connectingTo(new PgConnectOptions(connect).setPipeliningLimit(1))
        .using(vertx)
        .build();
    return new Database(pipelined, pool, config.queryTimeout());
  }

  private static PoolOptions poolOptions(String name, int size) {
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
    return pool.withTransaction(conn -> conn.prepare(sql)
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
    return Future.join(pipelined.close(), pool.close()).mapEmpty();
  }

  private <T> Future<T> guard(Future<T> future) {
    return future.timeout(timeoutMillis, TimeUnit.MILLISECONDS).recover(SqlFailures::translate);
  }
}
