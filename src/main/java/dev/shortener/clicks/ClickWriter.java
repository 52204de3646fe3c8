package dev.shortener.clicks;

import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import dev.shortener.db.SqlFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.pgclient.PgException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer of clicks (group commit): it writes as soon as a click arrives when idle, and
 * whatever piled up during a write as the next batch when busy. While PostgreSQL is down it keeps
 * the batch and retries with backoff; on undeploy it flushes what is queued. {@code clicks.writers}
 * instances drain the same queue side by side, each on its own connection, so batches are written
 * in parallel when one writer cannot keep up.
 *
 * <p>Each batch is enriched first (user agent, country, visitor id: {@link ClickEnrichment}) on a
 * worker thread, not on this verticle's event loop, which may also serve redirects; then the raw
 * rows and the rollups are written in one transaction ({@link ClickStore}).
 */
public final class ClickWriter extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ClickWriter.class);
  private static final long FIRST_BACKOFF_MS = 50;
  /** Batch ids are pruned (older than a day) once per this many batches. */
  private static final int PRUNE_EVERY_BATCHES = 10_000;
  /** A batch the database rejects (not: cannot be reached) this many times is dropped, not retried forever. */
  private static final int MAX_REJECTIONS = 3;
  /** deadlock_detected, serialization_failure: the transaction was rolled back whole, try again. */
  private static final Set<String> TRANSIENT = Set.of("40P01", "40001");

  private final AppConfig config;
  private final ClickQueue queue;
  private final Counter written;
  private final DistributionSummary batchSizes;
  private final ClickEnrichment enrichment;
  private final Counter humans;
  private final Counter bots;
  private final Timer enrichTime;
  private final Timer writeTime;
  private final Timer lag;
  private Database db;
  private ClickStore store;
  private VisitorSecrets secrets;
  /** One id per batch, kept across its retries: a retry of a batch that did commit writes nothing. */
  private ClickBatch pending = ClickBatch.EMPTY;
  private long batches;
  private boolean writing;
  private long backoff = FIRST_BACKOFF_MS;
  private long retryTimer = -1;
  private int rejections;
  private Promise<Void> flushed;
  private Runnable wake;

  public ClickWriter(AppConfig config, ClickQueue queue, ClickEnrichment enrichment, MeterRegistry registry) {
    this.config = config;
    this.queue = queue;
    this.enrichment = enrichment;
    this.written = Counter.builder("shortener.clicks.written").description("Click events written").register(registry);
    this.humans = Counter.builder("shortener.clicks.enriched").tag("kind", "human")
        .description("Clicks written, by whether the enrichment found a bot").register(registry);
    this.bots = Counter.builder("shortener.clicks.enriched").tag("kind", "bot")
        .description("Clicks written, by whether the enrichment found a bot").register(registry);
    this.enrichTime = Timer.builder("shortener.click.batch.duration").tag("phase", "enrich")
        .description("Click writer batch phases: enrichment on a worker, the write transaction")
        .publishPercentileHistogram().register(registry);
    this.writeTime = Timer.builder("shortener.click.batch.duration").tag("phase", "write")
        .description("Click writer batch phases: enrichment on a worker, the write transaction")
        .publishPercentileHistogram().register(registry);
    this.lag = Timer.builder("shortener.click.enrichment.lag")
        .description("From a batch's oldest click to its commit with the enrichment and rollups")
        .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
    this.batchSizes = DistributionSummary.builder("shortener.click.batch.size")
        .description("Clicks per INSERT")
        .serviceLevelObjectives(1, 10, 100, 1000)
        .register(registry);
  }

  @Override
  public Future<?> start() {
    db = Database.create(vertx, config.database().withPools(2, 1));
    store = new ClickStore(db, queue.knownVisitors());
    secrets = new VisitorSecrets(db);
    wake = () -> context.runOnContext(v -> drain());
    queue.writerStarted();
    drain();
    return Future.succeededFuture();
  }

  /** Flushes the queue, bounded by the shutdown timeout, then closes the connections. */
  @Override
  public Future<?> stop() {
    flushed = Promise.promise();
    if (!writing) {
      cancelRetry();
      drain();
    }
    return flushed.future()
        .timeout(config.shutdown().timeout().toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(e -> LOG.error("shutdown with {} clicks unwritten", pending.size() + queue.depth()))
        .eventually(() -> {
          queue.writerStopped(wake);
          return db.close();
        });
  }

  private void drain() {
    retryTimer = -1;
    if (pending.isEmpty()) {
      pending = queue.take(config.clicks().maxBatch());
      // the journal learns the batch's id before it is sent: a replay after a kill re-sends it under it
      pending.claim();
    }
    if (pending.isEmpty()) {
      if (flushed != null) {
        flushed.tryComplete();
        return;
      }
      queue.parkWriter(wake);
      return;
    }
    writing = true;
    ClickBatch batch = pending;
    write(batch.id(), batch.clicks()).onComplete(ar -> {
      writing = false;
      if (ar.succeeded()) {
        written.increment(batch.size());
        batchSizes.record(batch.size());
        batch.finish();
        pending = ClickBatch.EMPTY;
        if (++batches % PRUNE_EVERY_BATCHES == 0) {
          store.pruneBatchIds().onFailure(e -> LOG.debug("pruning click batch ids failed", e));
        }
        backoff = FIRST_BACKOFF_MS;
        rejections = 0;
        drain();
      } else {
        retryLater(ar.cause());
      }
    });
  }

  /** Enriches the batch on a worker thread, then writes log and rollups; records the phase timings. */
  private Future<Void> write(UUID batchId, List<Click> batch) {
    long start = System.nanoTime();
    return secrets.forDays(ClickStore.daysOf(batch))
        .compose(visitors -> vertx.executeBlocking(() -> enrichment.enrich(batch, visitors), false))
        .compose(rows -> {
          long enriched = System.nanoTime();
          enrichTime.record(enriched - start, TimeUnit.NANOSECONDS);
          long botCount = rows.stream().filter(e -> e.traits().bot()).count();
          return store.insert(batchId, rows).map(n -> {
            writeTime.record(System.nanoTime() - enriched, TimeUnit.NANOSECONDS);
            lag.record(Duration.between(oldest(batch), LocalDateTime.now(ZoneOffset.UTC)));
            bots.increment(botCount);
            humans.increment(batch.size() - botCount);
            return null;
          });
        });
  }

  private static LocalDateTime oldest(List<Click> batch) {
    LocalDateTime oldest = batch.get(0).at();
    for (Click click : batch) {
      if (click.at().isBefore(oldest)) {
        oldest = click.at();
      }
    }
    return oldest;
  }

  private static boolean transientFailure(Throwable cause) {
    return SqlFailures.unreachable(cause) || cause instanceof PgException pg && TRANSIENT.contains(pg.getSqlState());
  }

  private void retryLater(Throwable cause) {
    if (!transientFailure(cause) && ++rejections >= MAX_REJECTIONS) {
      LOG.error("dropping {} clicks the database keeps rejecting", pending.size(), cause);
      queue.dropped(pending.size());
      pending.finish();
      pending = ClickBatch.EMPTY;
      rejections = 0;
      drain();
      return;
    }
    if (backoff == FIRST_BACKOFF_MS) {
      LOG.warn("cannot write clicks ({}); {} buffered, retrying with backoff", cause.getMessage(),
          pending.size() + queue.depth());
    }
    retryTimer = vertx.setTimer(backoff, id -> drain());
    backoff = Math.min(backoff * 2, config.clicks().maxBackoff().toMillis());
  }

  private void cancelRetry() {
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }
}
