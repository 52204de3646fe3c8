package dev.shortener.db;

import dev.shortener.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * PostgreSQL access for one verticle: a pipelined client for single statements (the hot path) and
 * a pool for transactions and cursors. Every failure goes through {@link SqlFailures}.
 */
public final class Database {
  /** Rows fetched per round trip when streaming a whole table. */
  public static final int STREAM_FETCH_SIZE = 256;
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final SqlClient pipelined;
  private final Pool pool;
  /** Unpaged lists only, so a slow reader holds none of the connections redirects and writes use. */
  private final Pool streams;
  private final long timeoutMillis;
  private final long serverBudgetNanos;
  private final long streamTimeoutMillis;

  private Database(Vertx vertx, SqlClient pipelined, Pool pool, Pool streams, AppConfig.Database config) {
    this.vertx = vertx;
    this.pipelined = pipelined;
    this.pool = pool;
    this.streams = streams;
    this.timeoutMillis = config.queryTimeout().toMillis();
    this.serverBudgetNanos = serverBudget(config.queryTimeout()).toNanos();
    this.streamTimeoutMillis = config.streamTimeout().toMillis();
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
    // PostgreSQL cancels a statement itself before this client gives up on it, so a statement the
    // client reported as failed (503) cannot go on to commit afterwards
    connect.addProperty("statement_timeout", Long.toString(serverBudget(config.queryTimeout()).toMillis()));
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
    Pool streams = config.streamPoolSize() < 1 ? null : PgBuilder.pool()
        .with(poolOptions("pg-stream", config.streamPoolSize()))
        .with(net)
        .connectingTo(withStreamTimeouts(new PgConnectOptions(connect).setPipeliningLimit(1), config.streamTimeout()))
        .using(vertx)
        .build();
    return new Database(vertx, pipelined, pool, streams, config);
  }

  /**
   * The server's own bounds for a stream's connection: a statement, or a transaction left idle by a
   * reader that stopped reading, ends there even if this process is gone.
   */
  private static PgConnectOptions withStreamTimeouts(PgConnectOptions options, Duration statementTimeout) {
    return options.addProperty("statement_timeout", Long.toString(statementTimeout.toMillis()))
        .addProperty("idle_in_transaction_session_timeout", Long.toString(statementTimeout.toMillis()));
  }

  /** The server's statement budget: 80 % of the client's, leaving the rest for the answer to travel. */
  static Duration serverBudget(Duration clientTimeout) {
    return clientTimeout.multipliedBy(4).dividedBy(5);
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

  /**
   * Work on one connection inside BEGIN/COMMIT; rolled back if the returned future fails. Work that
   * outlived the server budget is rolled back too, so COMMIT only starts while the client still
   * waits for it: a transaction the client saw time out never commits later.
   */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    long started = System.nanoTime();
    return guard(pool.withTransaction(conn -> work.apply(conn).compose(result -> System.nanoTime() - started < serverBudgetNanos
        ? Future.succeededFuture(result)
        : Future.failedFuture(new TimeoutException("transaction outlived its budget; rolled back")))));
  }

  /**
   * Streams the rows of {@code sql} through a server-side cursor, so memory stays flat whatever the
   * table size. {@code consumer} reads the stream and completes when it is done with it.
   */
  public Future<Void> stream(String sql, Tuple args, Function<RowStream<Row>, Future<Void>> consumer) {
    if (streams == null) {
      return Future.failedFuture(new IllegalStateException("this Database has no stream pool"));
    }
    // the whole stream, however slowly the client reads, within the stream budget: then the answer
    // fails at once (the started response is reset, which ends the consumer) and the cursor closes
    Promise<Void> answer = Promise.promise();
    long deadline = vertx.setTimer(streamTimeoutMillis,
        id -> answer.tryFail(new TimeoutException("stream took longer than " + streamTimeoutMillis + " ms")));
    streams.withTransaction(conn -> conn.prepare(sql).compose(statement -> {
      RowStream<Row> rows = statement.createStream(STREAM_FETCH_SIZE, args);
      answer.future().onFailure(e -> rows.close());
      return consumer.apply(rows);
    })).recover(SqlFailures::translate).onComplete(done -> {
      vertx.cancelTimer(deadline);
      if (done.succeeded()) {
        answer.tryComplete();
      } else {
        answer.tryFail(done.cause());
      }
    });
    return answer.future();
  }

  /** True when the database answers {@code SELECT 1} within {@code timeout}. */
  public Future<Boolean> ping(Duration timeout) {
    return pipelined.query("SELECT 1").execute()
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .map(rows -> true)
        .otherwise(false);
  }

  public Future<Void> close() {
    return Future.join(pipelined.close(), pool.close(), streams == null ? Future.succeededFuture() : streams.close())
        .mapEmpty();
  }

  private <T> Future<T> guard(Future<T> future) {
    return future.timeout(timeoutMillis, TimeUnit.MILLISECONDS).recover(SqlFailures::translate);
  }
}
