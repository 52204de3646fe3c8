package dev.shortener.db;

import dev.shortener.config.AppConfig;
import dev.shortener.config.DatabaseUrl;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which read replicas may serve reads now, shared by the verticles of one service replica. Every
 * second it reads the primary's WAL position and then each replica's replay position: a replica
 * that has replayed it is caught up (lag 0); otherwise its lag is the age of the last transaction it
 * replayed. A replica is used while it answers and lags at most {@code database.replica-max-lag-ms}.
 *
 * <p>Why the bound matters: a redirect that misses every cache reads the database and fills the
 * caches with what it read. After a change, Redis holds a 5 s tombstone, and lookups that see one go
 * to the primary; a replica read happens only after that, so a replica within the bound (checked
 * every second) has the change. Exported as {@code shortener_database_replica_lag_seconds},
 * {@code _lag_bytes} and {@code _usable}, labelled by replica.
 */
public final class ReadReplicas {
  private static final Logger LOG = LoggerFactory.getLogger(ReadReplicas.class);
  private static final long PROBE_PERIOD_MS = 1000;
  private static final String PRIMARY_POSITION = "SELECT pg_current_wal_lsn()::text";
  /** Replay position against the primary's; lag in seconds is null while no transaction was replayed. */
  private static final String REPLICA_LAG = """
      SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn,
             GREATEST(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::bigint,
             EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8""";

  private final List<DatabaseUrl> urls;
  private final long maxLagMillis;
  private final AtomicIntegerArray usable;
  private final AtomicLongArray lagMillis;
  private final AtomicLongArray lagBytes;
  private final AtomicInteger next = new AtomicInteger();
  private final Vertx vertx;
  private SqlClient primary;
  private final List<SqlClient> probes = new ArrayList<>();
  private long timer = -1;

  private ReadReplicas(Vertx vertx, AppConfig.Database config, MeterRegistry registry) {
    this.vertx = vertx;
    this.urls = config.replicaUrls();
    this.maxLagMillis = config.replicaMaxLag().toMillis();
    usable = new AtomicIntegerArray(urls.size());
    lagMillis = new AtomicLongArray(urls.size());
    lagBytes = new AtomicLongArray(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      int index = i;
      String label = urls.get(i).host() + ":" + urls.get(i).port();
      Gauge.builder("shortener.database.replica.lag.seconds", () -> lagMillis.get(index) / 1000.0)
          .description("How far the read replica's replay is behind the primary").tag("replica", label)
          .register(registry);
      Gauge.builder("shortener.database.replica.lag.bytes", () -> lagBytes.get(index))
          .description("WAL bytes the read replica has not replayed yet").tag("replica", label).register(registry);
      Gauge.builder("shortener.database.replica.usable", () -> usable.get(index))
          .description("1 while the read replica answers and lags less than the bound").tag("replica", label)
          .register(registry);
    }
  }

  /** Starts probing the configured replicas (none: a no-op whose {@link #pick} is always -1). */
  public static ReadReplicas create(Vertx vertx, AppConfig.Database config, MeterRegistry registry) {
    ReadReplicas replicas = new ReadReplicas(vertx, config, registry);
    if (!replicas.urls.isEmpty()) {
      replicas.primary = probeClient(vertx, config.url());
      replicas.urls.forEach(url -> replicas.probes.add(probeClient(vertx, url)));
      replicas.timer = vertx.setPeriodic(0, PROBE_PERIOD_MS, id -> replicas.probe());
    }
    return replicas;
  }

  public List<DatabaseUrl> urls() {
    return urls;
  }

  /** A replica to read from (round robin over the usable ones), or -1 for the primary. */
  int pick() {
    int n = urls.size();
    for (int tries = 0; tries < n; tries++) {
      int i = Math.floorMod(next.getAndIncrement(), n);
      if (usable.get(i) == 1) {
        return i;
      }
    }
    return -1;
  }

  /** A read on replica {@code i} failed for want of the replica: leave it alone until a probe succeeds. */
  void failed(int i) {
    if (usable.getAndSet(i, 0) == 1) {
      LOG.warn("read replica {} failed; reading from the primary", urls.get(i));
    }
  }

  private void probe() {
    primary.query(PRIMARY_POSITION).execute()
        .timeout(PROBE_PERIOD_MS, TimeUnit.MILLISECONDS)
        .onFailure(e -> {
          // without the primary's position no lag can be known: keep the last verdicts
        })
        .onSuccess(rows -> {
          String position = rows.iterator().next().getString(0);
          for (int i = 0; i < probes.size(); i++) {
            int index = i;
            probes.get(i).preparedQuery(REPLICA_LAG).execute(Tuple.of(position))
                .timeout(PROBE_PERIOD_MS, TimeUnit.MILLISECONDS)
                .onSuccess(lag -> record(index, lag.iterator().next()))
                .onFailure(e -> failed(index));
          }
        });
  }

  private void record(int i, Row row) {
    boolean caughtUp = Boolean.TRUE.equals(row.getBoolean(0));
    Double age = row.getDouble(2);
    long lag = caughtUp ? 0 : age == null ? Long.MAX_VALUE : Math.max(0, (long) (age * 1000));
    lagMillis.set(i, lag == Long.MAX_VALUE ? -1 : lag);
    lagBytes.set(i, row.getLong(1) == null ? -1 : row.getLong(1));
    boolean ok = lag <= maxLagMillis;
    if (usable.getAndSet(i, ok ? 1 : 0) != (ok ? 1 : 0)) {
      if (ok) {
        LOG.info("read replica {} serves reads (lag {} ms)", urls.get(i), lag);
      } else {
        LOG.warn("read replica {} lags {} ms, more than {} ms: reading from the primary", urls.get(i),
            lag == Long.MAX_VALUE ? "unknown" : lag, maxLagMillis);
      }
    }
  }

  private static SqlClient probeClient(Vertx vertx, DatabaseUrl url) {
    return PgBuilder.client()
        .with(Database.poolOptions("pg-replica-probe", 1))
        .connectingTo(Database.connectOptions(url))
        .using(vertx)
        .build();
  }
}
