package dev.shortener.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Load;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 6: no global lock on the click path. A URL with 100,000 events (API events, which
 * the foreign key nulls, and clicks in the log) is deleted while redirects go on; click writing must
 * go on too. Before V20, one advisory lock key ordered every click batch of every replica behind any
 * delete, so a delete that took long stalled all click writers.
 */
class DeleteUnderClickLoadTest extends ApiTest {
  private static final int EVENTS = 100_000;
  private static final int API_EVENTS = 10_000;

  /** A URL with {@code events} events: half API events, half clicks. */
  private long seedUrlWithEvents(long user, String target, int events) {
    JsonObject url = createUrl(user, target);
    long id = url.getLong("id");
    STACK.sql("INSERT INTO events (url_id, user_id, event_type, details) SELECT " + id + ", " + user
        + ", 'share', '{}'::jsonb FROM generate_series(1, " + events / 2 + ")");
    STACK.sql("INSERT INTO clicks (id, at, url_id, user_id, short_code, device, bot, visitor) SELECT"
        + " nextval('events_id_seq'), now() AT TIME ZONE 'utc', " + id + ", " + user + ", '"
        + url.getString("short_code") + "', 'desktop', false, lpad(to_hex(i), 16, '0')"
        + " FROM generate_series(1, " + events / 2 + ") i");
    return id;
  }

  private long clicksOf(long urlId) {
    return STACK.count("SELECT count(*) FROM clicks WHERE url_id = " + urlId);
  }

  @Test
  void clickWritingGoesOnWhileAUrlWithManyEventsIsDeleted() throws Exception {
    long user = createUser("busy").getLong("id");
    long doomed = seedUrlWithEvents(user, "https://example.com/doomed", EVENTS);
    // smaller: deleted through the API, whose statement timeout a loaded CI box must not hit
    long alsoDoomed = seedUrlWithEvents(user, "https://example.com/also-doomed", API_EVENTS);
    JsonObject busy = createUrl(user, "https://example.com/busy");
    long busyId = busy.getLong("id");
    Load load = Load.start(4, i -> api.get("/" + busy.getString("short_code")));
    try {
      Waits.until(Duration.ofSeconds(10), "clicks flowing", () -> clicksOf(busyId) > 0);
      // The delete the service runs, held open mid-transaction after nulling 50,000 API events:
      // while it holds its locks, clicks keep being committed.
      try (Connection conn = STACK.connect()) {
        conn.setAutoCommit(false);
        try (PreparedStatement delete = conn.prepareStatement("DELETE FROM urls WHERE id = ? RETURNING short_code")) {
          delete.setLong(1, doomed);
          delete.executeQuery().close();
        }
        long during = clicksOf(busyId);
        Waits.until(Duration.ofSeconds(10), "clicks written while the delete is open",
            () -> clicksOf(busyId) >= during + 50);
        conn.commit();
      }
      // And the same through the API, under the same load.
      assertEquals(204, api.delete("/urls/" + alsoDoomed).status());
      long after = clicksOf(busyId);
      Waits.until(Duration.ofSeconds(10), "clicks written after the delete", () -> clicksOf(busyId) >= after + 50);
    } finally {
      load.stop();
    }
    assertEquals(0, load.serverErrors() + load.transportErrors(), load.toString());
    long redirects = load.count(302);
    assertTrue(redirects > 100, load.toString());
    Waits.until(Duration.ofSeconds(10), "every click written", () -> clicksOf(busyId) == redirects);

    // The deletes did what ON DELETE SET NULL promises, and left the log alone.
    assertEquals(0, STACK.count("SELECT count(*) FROM events WHERE url_id IN (" + doomed + ", " + alsoDoomed + ")"));
    assertEquals((EVENTS + API_EVENTS) / 2, STACK.count("SELECT count(*) FROM events WHERE event_type = 'share'"
        + " AND url_id IS NULL AND user_id = " + user));
    assertEquals((EVENTS + API_EVENTS) / 2, clicksOf(doomed) + clicksOf(alsoDoomed), "the log is append-only");
    assertEquals(0, STACK.count("SELECT count(*) FROM event_log WHERE url_id IN (" + doomed + ", " + alsoDoomed + ")"));
    assertEquals(EVENTS + API_EVENTS + 2, STACK.count("SELECT count(*) FROM event_log WHERE url_id IS NULL AND user_id = " + user),
        "the seeded events, and each doomed URL's created event");
  }
}
