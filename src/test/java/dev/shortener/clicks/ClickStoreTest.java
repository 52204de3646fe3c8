package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
      ClickStore store = new ClickStore(db, new KnownVisitors(1 << 10));
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
      ClickStore store = new ClickStore(db, new KnownVisitors(1 << 10));
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

  /**
   * A visitor a committed batch wrote is known to the replica: the next batches do not send it, and
   * it is still counted once; a visitor the replica forgot (another replica's, or overwritten) is
   * sent and the database tells it is not new.
   */
  @Test
  void aKnownVisitorIsNotSentAgainAndCountsOnce() throws Exception {
    long user = createUser("cy").getLong("id");
    long url = createUrl(user, "https://example.com/visitors").getLong("id");
    Database db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    KnownVisitors known = new KnownVisitors(1 << 10);
    try {
      ClickStore store = new ClickStore(db, known);
      ClickStore forgetful = new ClickStore(db, null); // another replica: knows nothing
      ClickEnrichment enrichment = new ClickEnrichment(UserAgents.create(10), GeoIp.open(null));
      Visitors visitors = Visitors.inMemory();
      var now = Timestamps.now();
      List<EnrichedClick> first = enrichment.enrich(List.of(new Click(url, user, "v", null, "a", now, "203.0.113.1")), visitors);
      ClickRollups.Visitor key = ClickRollups.of(first).visitors().keySet().iterator().next();
      assertFalse(known.known(key));
      store.insert(UUID.randomUUID(), first).await(10, TimeUnit.SECONDS);
      assertTrue(known.known(key), "known once its batch committed");

      STACK.sql("SELECT pg_stat_statements_reset()");
      List<EnrichedClick> again = enrichment.enrich(List.of(new Click(url, user, "v", null, "a", now, "203.0.113.1"),
          new Click(url, user, "v", null, "a", now, "203.0.113.1")), visitors);
      store.insert(UUID.randomUUID(), again).await(10, TimeUnit.SECONDS);
      assertEquals(0, STACK.count("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
          + " WHERE query LIKE '%INSERT INTO click_visitors%' AND query NOT LIKE '%pg_stat_statements%'"),
          "a batch of known visitors runs no visitors statement");
      forgetful.insert(UUID.randomUUID(), again).await(10, TimeUnit.SECONDS);
      List<EnrichedClick> other = enrichment.enrich(List.of(new Click(url, user, "v", null, "b", now, "203.0.113.2")), visitors);
      store.insert(UUID.randomUUID(), other).await(10, TimeUnit.SECONDS);
    } finally {
      db.close().await(10, TimeUnit.SECONDS);
    }
    assertEquals(6, STACK.count("SELECT coalesce(sum(clicks), 0) FROM click_hourly WHERE url_id = " + url));
    assertEquals(2, STACK.count("SELECT coalesce(sum(visitors), 0) FROM click_hourly WHERE url_id = " + url),
        "two visitors, each counted once");
  }

  @Test
  void knownVisitorsForgetWhenCleared() {
    KnownVisitors known = new KnownVisitors(1 << 4);
    var key = new ClickRollups.Visitor(1, java.time.LocalDate.of(2026, 11, 28), 42);
    known.add(key);
    assertTrue(known.known(key));
    assertFalse(known.known(new ClickRollups.Visitor(1, java.time.LocalDate.of(2026, 11, 29), 42)), "another day");
    assertFalse(known.known(new ClickRollups.Visitor(2, java.time.LocalDate.of(2026, 11, 28), 42)), "another link");
    known.clear();
    assertFalse(known.known(key));
  }
}
