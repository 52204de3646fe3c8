package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.db.Database;
import dev.shortener.testing.ApiTest;
import dev.shortener.validation.Timestamps;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Clicks whose URL or owner was deleted before the batch was written keep their row, with nulls. */
class ClickStoreTest extends ApiTest {

  @Test
  void writesABatchAndSurvivesDeletedReferences() throws Exception {
    long user = createUser("ann").getLong("id");
    long url = createUrl(user, "https://example.com/kept").getLong("id");
    Database db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    try {
      ClickStore store = new ClickStore(db);
      var now = Timestamps.now();
      int written = store.insert(List.of(
          new Click(url, user, "kept", "https://ref.example/", "agent", now),
          new Click(987_654, 876_543, "gone", null, null, now))).await(10, TimeUnit.SECONDS);
      assertEquals(2, written);
    } finally {
      db.close().await(10, TimeUnit.SECONDS);
    }
    assertEquals(1, STACK.count("SELECT count(*) FROM events WHERE event_type = 'redirect' AND url_id = " + url
        + " AND user_id = " + user + " AND details->>'referrer' = 'https://ref.example/'"));
    assertEquals(1, STACK.count("SELECT count(*) FROM events WHERE event_type = 'redirect' AND url_id IS NULL"
        + " AND user_id IS NULL AND details->>'short_code' = 'gone'"));
  }
}
