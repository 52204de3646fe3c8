package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Load;
import dev.shortener.testing.Scrape;
import dev.shortener.testing.Waits;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis stopped under load: no 5xx, redirects from PostgreSQL, breaker open; back by itself when Redis returns. */
class RedisOutageTest extends ApiTest {

  @AfterEach
  void redisBack() {
    if (!STACK.api().get("/health/ready").json().getJsonObject("checks").getString("cache").equals("up")) {
      STACK.backend().startRedis();
    }
  }

  @Test
  void redirectsKeepWorkingFromPostgresAndTheCacheComesBack() {
    long user = createUser("ann").getLong("id");
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      codes.add(createUrl(user, "https://example.com/" + i).getString("short_code"));
    }
    assertEquals(302, api.get("/" + codes.get(0)).status());

    STACK.backend().stopRedis();
    try (Load load = Load.start(8, i -> api.get("/" + codes.get(i % codes.size())))) {
      load.runFor(Duration.ofSeconds(3)).stop();
      assertEquals(0, load.serverErrors(), load.toString());
      assertEquals(0, load.transportErrors(), load.toString());
      assertEquals(load.total(), load.count(302), load.toString());
      assertTrue(load.total() > 100, load.toString());
    }
    assertEquals(CircuitBreakerState.OPEN, STACK.app().services().breakers().worst());
    assertTrue(Scrape.value(api, "shortener_circuit_breaker_state{breaker=\"redis\",state=\"open\"}") == 1);

    // degraded, not unready; writes still work and invalidate what they can
    HttpResult ready = api.get("/health/ready");
    assertEquals(200, ready.status());
    assertEquals(new JsonObject().put("database", "up").put("cache", "down"), ready.json().getJsonObject("checks"));
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/during-outage").put("title", "x").encode());
    assertEquals(201, created.status());
    assertEquals(200, api.put("/urls/" + created.json().getLong("id"), "{\"is_active\":false}").status());
    assertEquals(410, api.get("/" + created.json().getString("short_code")).status());

    STACK.backend().startRedis();
    Waits.until(Duration.ofSeconds(20), "the breaker to close",
        () -> STACK.app().services().breakers().worst() == CircuitBreakerState.CLOSED);
    Waits.until(Duration.ofSeconds(10), "the near cache to be trusted again",
        () -> STACK.app().services().invalidations().trusted());
    double redisHits = Scrape.value(api, "shortener_cache_lookups_total{result=\"hit\",tier=\"redis\"}");
    String code = codes.get(2);
    assertEquals(302, api.get("/" + code).status()); // fills Redis
    STACK.app().services().nearCache().clear();
    assertEquals(302, api.get("/" + code).status()); // answered by Redis
    assertTrue(Scrape.value(api, "shortener_cache_lookups_total{result=\"hit\",tier=\"redis\"}") > redisHits);
    assertEquals("up", api.get("/health/ready").json().getJsonObject("checks").getString("cache"));
  }
}
