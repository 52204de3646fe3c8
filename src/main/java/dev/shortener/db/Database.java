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
import dev.shortener.config.DatabaseUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * PostgreSQL access for one verticle: a pipelined client for single statements (the hot path), a
 * pool for transactions and a pool for cursors, on the primary; a pipelined client and a cursor pool
 * on each read replica for {@link #read} and {@link #readStream}. Every failure goes through {@link SqlFailures}.
 */
public final class Database {
  /** Rows fetched per round trip when streaming a whole table. */
  public static final int STREAM_FETCH_SIZE = 256;
  private static final int CONNECT_TIMEOUT_MS = 2000;

  /**
   * The clients on one server: a pipelined client for single statements, a pool for transactions
   * (the primary only: a replica takes no writes) and a pool for streams (null when
   * {@code database.stream-pool-size} is 0), apart from the others so a slow reader holds none of the
   * connections redirects and writes use.
   */
  private record Clients(SqlClient pipelined, Pool pool, Pool streams) {
    static Clients create(Vertx vertx, DatabaseUrl url, String name, AppConfig.Database config,
        boolean transactions) {
      // PostgreSQL cancels a statement itself before this client gives up on it, so a statement the
      // client reported as failed (503) cannot go on to commit afterwards
      PgConnectOptions connect = connectOptions(url)
          .addProperty("statement_timeout", Long.toString(serverBudget(config.queryTimeout()).toMillis()));
      NetClientOptions net = new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpNoDelay(true);
      SqlClient pipelined = PgBuilder.client()
          .with(poolOptions(name, config.pipelinedSize()))
          .with(net)
          .connectingTo(connect)
          .using(vertx)
          .build();
      Pool pool = !transactions ? null : PgBuilder.pool()
          .with(poolOptions(name + "-tx", config.poolSize()))
          .with(net)
          .connectingTo(new PgConnectOptions(connect).setPipeliningLimit(1))
          .using(vertx)
          .build();
      Pool streams = config.streamPoolSize() < 1 ? null : PgBuilder.pool()
          .with(poolOptions(name + "-stream", config.streamPoolSize()))
          .with(net)
          .connectingTo(withStreamTimeouts(connectOptions(url).setPipeliningLimit(1), config.streamTimeout()))
          .using(vertx)
          .build();
      return new Clients(pipelined, pool, streams);
    }

    Future<Void> close() {
      List<Future<Void>> closing = new ArrayList<>(List.of(pipelined.close()));
      if (pool != null) {
        closing.add(pool.close());
      }
      if (streams != null) {
        closing.add(streams.close());
      }
      return Future.join(closing).mapEmpty();
    }
  }

  private final Vertx vertx;
  private final SqlClient pipelined;
  private final Pool pool;
  private final Clients primary;
  private final List<Clients> replicas;
  private final ReadReplicas replicaStates;
  private final long timeoutMillis;
  private final long serverBudgetNanos;
  private final long streamTimeoutMillis;

  private Database(Vertx vertx, Clients primary, List<Clients> replicas, ReadReplicas replicaStates,
      AppConfig.Database config) {
    this.vertx = vertx;
    this.primary = primary;
    this.pipelined = primary.pipelined();
    this.pool = primary.pool();
    this.replicas = replicas;
    this.replicaStates = replicaStates;
    this.timeoutMillis = config.queryTimeout().toMillis();
    this.serverBudgetNanos = serverBudget(config.queryTimeout()).toNanos();
    this.streamTimeoutMillis = config.streamTimeout().toMillis();
  }

  /** The primary only. */
  public static Database create(Vertx vertx, AppConfig.Database config) {
    return create(vertx, config, null);
  }

  /** The primary, and the read replicas of {@code replicas} (null: none) for {@link #read}. */
  public static Database create(Vertx vertx, AppConfig.Database config, ReadReplicas replicas) {
    Clients primary = Clients.create(vertx, config.url(), "pg", config, true);
    List<Clients> replicaClients = new ArrayList<>();
    if (replicas != null) {
      replicas.urls().forEach(url -> replicaClients.add(Clients.create(vertx, url, "pg-replica", config, false)));
    }
    return new Database(vertx, primary, replicaClients, replicas, config);
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
   * One prepared statement on a connection of its own (from the transaction pool), for the several
   * reads of one answer that take milliseconds each (stats): sent together they run side by side on
   * the server, where on the pipelined client they would queue on one connection and run one after
   * the other, holding up the redirects pipelined behind them.
   */
  public Future<RowSet<Row>> queryApart(String sql, Tuple args) {
    return guard(pool.preparedQuery(sql).execute(args));
  }

  /**
   * One prepared statement that a read replica may answer: the primary's data as of at most
   * {@code database.replica-max-lag-ms} ago. Not for reads that must see the caller's own writes.
   * When no replica is usable, or the replica fails, the primary answers (no error for a replica
   * down); when {@code confirmOnPrimary} holds for the replica's rows (a miss that may be lag), the
   * primary is asked too.
   */
  public Future<RowSet<Row>> read(String sql, Tuple args, Predicate<RowSet<Row>> confirmOnPrimary) {
    return read(sql, args, confirmOnPrimary, this::query);
  }

  /**
   * {@link #read} for the several reads of one answer (stats): on a replica they run on its client
   * (nothing else than reads queues there), on the primary each on a connection of its own
   * ({@link #queryApart}).
   */
  public Future<RowSet<Row>> readApart(String sql, Tuple args) {
    return read(sql, args, rows -> false, this::queryApart);
  }

  private Future<RowSet<Row>> read(String sql, Tuple args, Predicate<RowSet<Row>> confirmOnPrimary,
      java.util.function.BiFunction<String, Tuple, Future<RowSet<Row>>> onPrimary) {
    int i = replicaStates == null ? -1 : replicaStates.pick();
    if (i < 0) {
      return onPrimary.apply(sql, args);
    }
    return guard(replicas.get(i).pipelined().preparedQuery(sql).execute(args)).transform(ar -> {
      if (ar.failed()) {
        replicaFailed(i, ar.cause());
        return onPrimary.apply(sql, args);
      }
      return confirmOnPrimary.test(ar.result()) ? onPrimary.apply(sql, args) : Future.succeededFuture(ar.result());
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
   * Streams the rows of {@code sql} through a server-side cursor on the primary, so memory stays flat
   * whatever the table size. {@code consumer} reads the stream and completes when it is done with it.
   */
  public Future<Void> stream(String sql, Tuple args, Function<RowStream<Row>, Future<Void>> consumer) {
    return stream(primary.streams(), sql, args, consumer);
  }

  /**
   * {@link #stream} on a read replica (as {@link #read} picks one), with the same pool size and
   * budget. Not for reads that must see the caller's own writes. A replica that fails before the
   * first row is asked for (down, refusing connections) leaves the stream to the primary; once
   * {@code consumer} has started, a failure is the answer's, as on the primary.
   */
  public Future<Void> readStream(String sql, Tuple args, Function<RowStream<Row>, Future<Void>> consumer) {
    int i = replicaStates == null ? -1 : replicaStates.pick();
    if (i < 0) {
      return stream(sql, args, consumer);
    }
    // both flags live on this verticle's event loop: once the primary took over (the replica timed
    // out before its first row), a late replica cursor must not write into the same answer
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean abandoned = new AtomicBoolean();
    return stream(replicas.get(i).streams(), sql, args, rows -> {
      if (abandoned.get()) {
        return rows.close().compose(closed -> Future.failedFuture("abandoned for the primary"));
      }
      started.set(true);
      return consumer.apply(rows);
    }).recover(failure -> {
      if (started.get()) {
        return Future.failedFuture(failure);
      }
      abandoned.set(true);
      replicaFailed(i, failure);
      return stream(sql, args, consumer);
    });
  }

  private Future<Void> stream(Pool streams, String sql, Tuple args, Function<RowStream<Row>, Future<Void>> consumer) {
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
