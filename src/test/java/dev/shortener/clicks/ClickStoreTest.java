package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.UserAgents;
import dev.shortener.analytics.Visitors;
import dev.shortener.db.Database;
import dev.shortener.testing.ApiTest;
import dev.shortener.validation.Timestamps;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clicks go to the log without looking anything up: one whose URL or owner was deleted before the
 * batch was written keeps its row, and the event_log view shows the gone ids as null.
 */
class ClickStoreTest extends ApiTest {

  @Test
  void writesABatchAndSurvivesDeletedReferences() throws Exception {
    long user = createUser("ann").getLong("id");
    long url = createUrl(user, "https://example.com/kept").getLong("id");
    Database db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    try {
      ClickStore store = new ClickStore(db);
      ClickEnrichment enrichment = new ClickEnrichment(UserAgents.create(10), GeoIp.open(null));
      var now = Timestamps.now();
      List<Click> clicks = List.of(
          new Click(url, user, "kept", "https://ref.example/", "agent", now, "203.0.113.9"),
          new Click(987_654, 876_543, "gone", null, null, now, null));
      int written = store.insert(UUID.randomUUID(), enrichment.enrich(clicks, Visitors.inMemory()))
          .await(10, TimeUnit.SECONDS);
      assertEquals(2, written);
    } finally {
      db.close().await(10, TimeUnit.SECONDS);
    }
    assertEquals(1, STACK.count("SELECT count(*) FROM event_log WHERE event_type = 'redirect' AND url_id = " + url
        + " AND user_id = " + user + " AND details->>'referrer' = 'https://ref.example/'"
        + " AND details->>'referrer_host' = 'ref.example'"));
    assertEquals(1, STACK.count("SELECT count(*) FROM event_log WHERE event_type = 'redirect' AND url_id IS NULL"
        + " AND user_id IS NULL AND details->>'short_code' = 'gone'"));
  }

  @Test
  void aBatchRetriedAfterItCommittedIsNotWrittenTwice() throws Exception {
    long user = createUser("bob").getLong("id");
    long url = createUrl(user, "https://example.com/once").getLong("id");
    Database db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    try {
      ClickStore store = new ClickStore(db);
      ClickEnrichment enrichment = new ClickEnrichment(UserAgents.create(10), GeoIp.open(null));
      var now = Timestamps.now();
      List<EnrichedClick> batch = enrichment.enrich(List.of(new Click(url, user, "once", null, "a", now, null),
          new Click(url, user, "once", null, "b", now, null)), Visitors.inMemory());
      UUID id = UUID.randomUUID();
      // the writer keeps a batch's id across retries: the second attempt is what a retry after a
      // timeout that did commit sends
      assertEquals(2, store.insert(id, batch).await(10, TimeUnit.SECONDS));
      assertEquals(0, store.insert(id, batch).await(10, TimeUnit.SECONDS));
      assertEquals(2, store.insert(UUID.randomUUID(), batch).await(10, TimeUnit.SECONDS)); // a new batch is new
      store.pruneBatchIds().await(10, TimeUnit.SECONDS);
    } finally {
      db.close().await(10, TimeUnit.SECONDS);
    }
    assertEquals(4, STACK.count("SELECT count(*) FROM clicks WHERE url_id = " + url));
    // the rollups are written with the log in the same transaction, so a skipped retry skips them too
    assertEquals(4, STACK.count("SELECT coalesce(sum(clicks), 0) FROM click_hourly WHERE url_id = " + url));
  }
}
