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
 * sets of past days deleted; then part 1's redirect events moved into the click log ({@link ClickBackfill})
 * while any are listed. The long-past clicks' one partition ({@code clicks_bYYYYMMDD}, everything before
 * that day) is dropped when that day is older than the retention.
 */
public final class ClickMaintenance extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ClickMaintenance.class);
  private static final long PERIOD_MS = 3_600_000;
  private static final int DAYS_AHEAD = 3;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final String PARTITIONS = """
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'clicks'::regclass AND c.relname ~ '^clicks_[pb][0-9]{8}$'
      ORDER BY c.relname""";
  /** Today's and yesterday's are still needed: a click from before midnight may be written after it. */
  private static final String FORGET_SECRETS = "DELETE FROM visitor_secrets WHERE day < $1::date - 1";
  private static final String FORGET_VISITORS = "DELETE FROM click_visitors WHERE day < $1::date - 1";

  private final AppConfig config;
  private final ClickEnrichment enrichment;
  private Database db;
  private ClickBackfill backfill;
  private Future<?> backfilling = Future.succeededFuture();
  private long timer = -1;

  public ClickMaintenance(AppConfig config, ClickEnrichment enrichment) {
    this.config = config;
    this.enrichment = enrichment;
  }

  @Override
  public Future<?> start() {
    db = Database.create(vertx, config.database().withPools(1, 1));
    backfill = new ClickBackfill(vertx, new ClickStore(db, null), enrichment);
    timer = vertx.setPeriodic(PERIOD_MS, id -> runLogged());
    return run(db, config.clicks().retentionDays(), today()).recover(e -> {
      LOG.warn("click maintenance failed at start; retrying every hour", e);
      return Future.succeededFuture();
    }).onComplete(v -> startBackfill());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    backfill.stop();
    return backfilling.eventually(() -> db.close());
  }

  private void runLogged() {
    run(db, config.clicks().retentionDays(), today()).onFailure(e -> LOG.warn("click maintenance failed", e))
        .onComplete(v -> startBackfill());
  }

  /** Not awaited: the replica serves meanwhile. A failed run is taken up again by the next round. */
  private void startBackfill() {
    if (backfilling.isComplete()) {
      backfilling = backfill.run().onFailure(e -> LOG.warn("backfill of part 1's redirect events failed; "
          + "retrying within the hour", e));
    }
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

  /**
   * Drops the partitions whose rows all lie before {@code cutoff}: a day's ({@code clicks_pYYYYMMDD})
   * ends the next day, the long-past clicks' ({@code clicks_bYYYYMMDD}) on its day.
   */
  private static Future<List<String>> dropBefore(Database db, LocalDate cutoff) {
    return db.query(PARTITIONS, Tuple.tuple()).compose(rows -> {
      List<String> old = new ArrayList<>();
      for (Row row : rows) {
        String name = row.getString(0);
        LocalDate day = LocalDate.parse(name.substring("clicks_p".length()), DAY);
        LocalDate end = name.startsWith("clicks_p") ? day.plusDays(1) : day;
        if (!end.isAfter(cutoff)) {
          old.add(name);
        }
      }
      Future<Void> dropped = Future.succeededFuture();
      for (String name : old) {
        // names come from the catalog and match ^clicks_[pb][0-9]{8}$: safe to splice into DDL
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
