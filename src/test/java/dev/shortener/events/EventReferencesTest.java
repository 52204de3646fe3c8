package dev.shortener.events;

import static dev.shortener.testing.Asserts.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Load;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * API events have foreign keys (V20), clicks are a log without them, read through the event_log
 * view. Under concurrent redirects (click batches), POST /events and deletes of URLs and users, no
 * listed event may point at a row that is gone, and no click may be lost.
 */
class EventReferencesTest extends ApiTest {
  private static final String DANGLING = """
      SELECT count(*) FROM event_log e
      WHERE (e.url_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM urls u WHERE u.id = e.url_id))
         OR (e.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = e.user_id))""";

  @Test
  void concurrentDeletesLeaveNoEventPointingAtAGoneRow() {
    List<Long> users = new ArrayList<>();
    List<JsonObject> urls = new ArrayList<>();
    for (int u = 0; u < 16; u++) {
      long user = createUser("refs" + u).getLong("id");
      users.add(user);
      for (int i = 0; i < 4; i++) {
        urls.add(createUrl(user, "https://example.com/" + u + "/" + i));
      }
    }
    Load load = Load.start(6, i -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      JsonObject url = urls.get(random.nextInt(urls.size()));
      if (i % 5 == 4) {
        return api.post("/events", new JsonObject().put("url_id", url.getLong("id"))
            .put("user_id", users.get(random.nextInt(users.size()))).put("event_type", "share").encode());
      }
      return api.get("/" + url.getString("short_code"));
    });
    try {
      Waits.sleep(300);
      // the first half loses URL by URL, the second half whole users, while the load goes on
      for (int u = 0; u < users.size(); u++) {
        if (u < users.size() / 2) {
          for (JsonObject url : urls.subList(u * 4, u * 4 + 4)) {
            assertEquals(204, api.delete("/urls/" + url.getLong("id")).status());
            Waits.sleep(15);
          }
        } else {
          assertEquals(204, api.delete("/users/" + users.get(u)).status());
          Waits.sleep(60);
        }
      }
      Waits.sleep(300);
    } finally {
      load.stop();
    }
    assertEquals(0, load.serverErrors() + load.transportErrors(), load.toString());
    assertTrue(load.count(302) > 100 && load.count(201) > 10 && load.count(404) > 10, load.toString());

    long redirects = load.count(302);
    Waits.until(Duration.ofSeconds(10), "every click written",
        () -> STACK.count("SELECT count(*) FROM event_log WHERE event_type = 'redirect'") == redirects);
    assertEquals(0, STACK.count(DANGLING));
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
    // the first half of the users are still there, and so are the references to them
    assertTrue(STACK.count("SELECT count(*) FROM event_log WHERE user_id IS NOT NULL AND event_type = 'redirect'") > 0);
    assertEquals(0, STACK.count("SELECT count(*) FROM event_log WHERE url_id IS NOT NULL"));
  }

  @Test
  void eventsNamingAGoneRowAre404AndWriteNothing() {
    long user = createUser("gone").getLong("id");
    long url = createUrl(user, "https://example.com/gone").getLong("id");
    HttpResult created = api.post("/events",
        new JsonObject().put("url_id", url).put("user_id", user).put("event_type", "share").encode());
    assertEquals(201, created.status(), created.toString());
    long event = created.json().getLong("id");
    assertEquals(204, api.delete("/users/" + user).status());

    assertError(404, "URL not found", api.post("/events",
        new JsonObject().put("url_id", url).put("user_id", user).put("event_type", "x").encode()));
    assertError(404, "URL not found", api.put("/events/" + event, new JsonObject().put("url_id", url).encode()));
    assertError(404, "User not found", api.put("/events/" + event, new JsonObject().put("user_id", user).encode()));
    assertError(404, "Event not found", api.put("/events/999999", new JsonObject().put("user_id", user).encode()));
    JsonObject unlinked = api.get("/events/" + event).json();
    assertEquals(null, unlinked.getValue("url_id"));
    assertEquals(null, unlinked.getValue("user_id"));
    assertEquals(0, STACK.count("SELECT count(*) FROM event_log WHERE event_type = 'x'"));
  }
}
