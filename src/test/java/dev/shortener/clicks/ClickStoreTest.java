package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.UserAgents;
import dev.shortener.analytics.Visitors;
import dev.shortener.db.Database;
import dev.shortener.testing.ApiTest;
import dev.shortener.validation.Timestamps;
import java.util.List;
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
      int written = store.insert(enrichment.enrich(clicks, Visitors.inMemory())).await(10, TimeUnit.SECONDS);
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
}
