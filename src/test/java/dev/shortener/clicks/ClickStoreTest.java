package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.db.Database;
import dev.shortener.testing.ApiTest;
import dev.shortener.validation.Timestamps;
import java.util.List;
import java.util.UUID;
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
      int written = store.insert(UUID.randomUUID(), List.of(
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

  @Test
  void aBatchRetriedAfterItCommittedIsNotWrittenTwice() throws Exception {
    long user = createUser("bob").getLong("id");
    long url = createUrl(user, "https://example.com/once").getLong("id");
    Database db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    try {
      ClickStore store = new ClickStore(db);
      var now = Timestamps.now();
      List<Click> batch = List.of(new Click(url, user, "once", null, "a", now), new Click(url, user, "once", null, "b", now));
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
    assertEquals(4, STACK.count("SELECT count(*) FROM events WHERE event_type = 'redirect' AND url_id = " + url));
  }
}
