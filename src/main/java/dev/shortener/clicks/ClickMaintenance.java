package dev.shortener.clicks;

import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping of the click log, at start and every hour on every replica (each step is idempotent):
 * daily partitions created a few days ahead, partitions wholly older than {@code CLICK_RETENTION_DAYS}
 * detached (CONCURRENTLY: click writers are never blocked) and dropped, visitor secrets and visitor
 * sets of past days deleted.
 */
public final class ClickMaintenance extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ClickMaintenance.class);
  private static final long PERIOD_MS = 3_600_000;
  private static final int DAYS_AHEAD = 3;
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'clicks_p'yyyyMMdd");
  private static final String PARTITIONS = """
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'clicks'::regclass AND c.relname ~ '^clicks_p[0-9]{8}$'
      ORDER BY c.relname""";
  /** Today's and yesterday's are still needed: a click from before midnight may be written after it. */
  private static final String FORGET_SECRETS = "DELETE FROM visitor_secrets WHERE day < $1::date - 1";
  private static final String FORGET_VISITORS = "DELETE FROM click_visitors WHERE day < $1::date - 1";

  private final AppConfig config;
  private Database db;
  private long timer = -1;

  public ClickMaintenance(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    db = Database.create(vertx, config.database().withPools(1, 1));
    timer = vertx.setPeriodic(PERIOD_MS, id -> runLogged());
    return run(db, config.clicks().retentionDays(), today()).recover(e -> {
      LOG.warn("click maintenance failed at start; retrying every hour", e);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return db.close();
  }

  private void runLogged() {
    run(db, config.clicks().retentionDays(), today()).onFailure(e -> LOG.warn("click maintenance failed", e));
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  /** One round; public for tests, which pass their own "today". Returns the partitions dropped. */
  public static Future<List<String>> run(Database db, int retentionDays, LocalDate today) {
    Future<Void> ahead = Future.succeededFuture();
    for (int d = -1; d <= DAYS_AHEAD; d++) {
      LocalDate day = today.plusDays(d);
      ahead = ahead.compose(v -> db.query(ClickStore.PARTITION, Tuple.of(day)).mapEmpty());
    }
    return ahead
        .compose(v -> db.query(FORGET_SECRETS, Tuple.of(today)))
        .compose(v -> db.query(FORGET_VISITORS, Tuple.of(today)))
        .compose(v -> retentionDays > 0 ? dropBefore(db, today.minusDays(retentionDays)) : Future.succeededFuture(List.of()));
  }

  /** Drops the partitions whose whole day lies before {@code cutoff}. */
  private static Future<List<String>> dropBefore(Database db, LocalDate cutoff) {
    return db.query(PARTITIONS, Tuple.tuple()).compose(rows -> {
      List<String> old = new ArrayList<>();
      for (Row row : rows) {
        String name = row.getString(0);
        if (LocalDate.parse(name, NAME).isBefore(cutoff)) {
          old.add(name);
        }
      }
      Future<Void> dropped = Future.succeededFuture();
      for (String name : old) {
        // names come from the catalog and match ^clicks_p[0-9]{8}$: safe to splice into DDL
        dropped = dropped
            .compose(v -> db.query("ALTER TABLE clicks DETACH PARTITION " + name + " CONCURRENTLY", Tuple.tuple()))
            .compose(v -> db.query("DROP TABLE " + name, Tuple.tuple()))
            .<Void>mapEmpty()
            .onSuccess(v -> LOG.info("click partition {} dropped (retention)", name));
      }
      return dropped.map(v -> old);
    });
  }
}
