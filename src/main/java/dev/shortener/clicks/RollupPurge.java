package dev.shortener.clicks;

import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets the rollups of deleted links, in its own short transaction after the delete committed (not
 * inside it: the delete may take long nulling many events, and rollup rows it held would stall every
 * click writer with a click for those links). A click batch in flight may add a row back for a gone
 * link; no stats call can reach it (the link answers 404, user stats join live links).
 */
public final class RollupPurge {
  private static final Logger LOG = LoggerFactory.getLogger(RollupPurge.class);
  private static final String PURGE = """
      WITH h AS (DELETE FROM click_hourly WHERE url_id = ANY($1::bigint[])),
           d AS (DELETE FROM click_dimensions WHERE url_id = ANY($1::bigint[])),
           dd AS (DELETE FROM click_dimensions_daily WHERE url_id = ANY($1::bigint[]))
      DELETE FROM click_visitors WHERE url_id = ANY($1::bigint[])""";

  private RollupPurge() {}

  /** Never fails: a purge that could not run leaves rows nobody reads. */
  public static Future<Void> forget(Database db, List<Long> urlIds) {
    if (urlIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.query(PURGE, Tuple.of(urlIds.toArray(Long[]::new))).<Void>mapEmpty().recover(e -> {
      LOG.warn("rollups of {} deleted link(s) left behind", urlIds.size(), e);
      return Future.succeededFuture();
    });
  }
}
