package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Load;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped: cached redirects keep answering 302 and their clicks are buffered, then all
 * written once it is back; writes and uncached lookups are 503 JSON with Retry-After; readiness is
 * 503; everything recovers without a restart.
 */
class PostgresOutageTest extends ApiTest {

  @Test
  void cachedRedirectsSurviveAndClicksAreWrittenAfterwards() {
    long user = createUser("ann").getLong("id");
    JsonObject cached = createUrl(user, "https://example.com/cached");
    String cachedCode = cached.getString("short_code");
    String uncachedCode = createUrl(user, "https://example.com/uncached").getString("short_code");
    assertEquals(302, api.get("/" + cachedCode).status()); // now in the near cache and Redis
    Waits.until(Duration.ofSeconds(2), "the first click", () -> redirectEvents(cached) == 1);

    STACK.backend().stopPostgres();
    long clicks;
    try {
      Waits.until(Duration.ofSeconds(2), "readiness to report the outage",
          () -> api.get("/health/ready").status() == 503);
      HttpResult ready = api.get("/health/ready");
      assertEquals("down", ready.json().getJsonObject("checks").getString("database"));
      assertEquals("unavailable", ready.json().getString("status"));

      try (Load load = Load.start(4, i -> api.get("/" + cachedCode, "User-Agent", "outage-test"))) {
        load.runFor(Duration.ofSeconds(2)).stop();
        assertEquals(load.total(), load.count(302), load.toString());
        assertEquals(0, load.transportErrors(), load.toString());
        clicks = load.count(302);
      }
      assertTrue(clicks > 20, "clicks during the outage: " + clicks);

      assertUnavailable(api.get("/" + uncachedCode));
      assertUnavailable(api.post("/users", "{\"username\":\"bo\",\"email\":\"bo@example.com\"}"));
      assertUnavailable(api.get("/users"));
      assertUnavailable(api.get("/urls/" + cached.getLong("id")));
      assertEquals(200, api.get("/health").status()); // alive, just not ready
    } finally {
      STACK.backend().startPostgres();
    }

    Waits.until(Duration.ofSeconds(30), "readiness after recovery", () -> api.get("/health/ready").status() == 200);
    long expected = clicks + 1;
    Waits.until(Duration.ofSeconds(30), "every buffered click to be written", () -> redirectEvents(cached) == expected);
    assertEquals(201, api.post("/users", "{\"username\":\"bo\",\"email\":\"bo@example.com\"}").status());
    assertEquals(302, api.get("/" + uncachedCode).status());
    assertEquals(expected, redirectEvents(cached));
  }

  private long redirectEvents(JsonObject url) {
    return STACK.count("SELECT count(*) FROM event_log WHERE event_type = 'redirect' AND url_id = " + url.getLong("id"));
  }

  private static void assertUnavailable(HttpResult result) {
    assertEquals(503, result.status(), result.toString());
    assertEquals(new JsonObject().put("error", "Service temporarily unavailable"), result.json());
    assertNotNull(result.header("Retry-After"));
  }
}
