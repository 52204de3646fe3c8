package dev.shortener.clicks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the redirect events that migration V67 listed (part 1's clicks, written into events before the
 * click log existed) into the click log and the rollups, so stats count them. Batch by batch, each in
 * its own short transaction, after the replica started (a table of millions neither delays the start
 * nor holds one huge transaction). Every replica runs it: a batch another replica claimed is skipped,
 * not waited for, and a moved event leaves the list, so two replicas, or a run after a crash, count
 * each event once.
 */
final class ClickBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(ClickBackfill.class);
  static final int BATCH = 1000;
  /** Between batches: live clicks and API calls get the database in between. */
  private static final long PAUSE_MS = 10;
  private static final long LOG_EVERY = 100_000;

  private final Vertx vertx;
  private final ClickStore store;
  private final ClickEnrichment enrichment;
  private volatile boolean stopping;

  ClickBackfill(Vertx vertx, ClickStore store, ClickEnrichment enrichment) {
    this.vertx = vertx;
    this.store = store;
    this.enrichment = enrichment;
  }

  /** Moves listed events until none is left (or {@link #stop}); the result is how many ids this run took. */
  Future<Long> run() {
    Promise<Long> done = Promise.promise();
    next(0, done);
    return done.future();
  }

  /** The current batch still commits; no new one starts. */
  void stop() {
    stopping = true;
  }

  private void next(long total, Promise<Long> done) {
    if (stopping) {
      done.complete(total);
      return;
    }
    List<Long> ids = new ArrayList<>();
    store.peekBackfill(BATCH, ids).compose(peeked -> {
      if (ids.isEmpty()) {
        return Future.succeededFuture(-1);
      }
      // parsed outside the move's transaction (an uncached parse is slow); inside, the agents are cache hits
      return enrich(peeked).compose(warm -> store.backfill(ids, this::enrich));
    }).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result() < 0) {
        if (total > 0) {
          LOG.info("backfill done: {} redirect events of part 1 moved into the click log and rollups", total);
        }
        done.complete(total);
      } else {
        long moved = total + ar.result();
        if (moved / LOG_EVERY > total / LOG_EVERY) {
          LOG.info("backfill: {} redirect events of part 1 moved into the click log so far", moved);
        }
        vertx.setTimer(PAUSE_MS, t -> next(moved, done));
      }
    });
  }

  private Future<List<EnrichedClick>> enrich(List<Click> clicks) {
    return vertx.executeBlocking(() -> enrichment.enrichWithoutClient(clicks), false);
  }
}
