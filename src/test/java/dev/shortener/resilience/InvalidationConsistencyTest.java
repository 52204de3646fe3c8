package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.TestStack;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas share PostgreSQL and Redis, each with a warm near cache. A change made through one
 * must be what the other answers next, every time: no stale 302 (nor stale 410).
 */
class InvalidationConsistencyTest extends ApiTest {
  private static final int ROUNDS = 1000;
  private static TestStack.Replica other;

  @BeforeAll
  static void startSecondReplica() throws Exception {
    other = STACK.startReplica(Map.of());
  }

  @AfterAll
  static void stopSecondReplica() {
    other.close();
  }

  @Test
  void deactivateOnOneReplicaRedirectOnTheOther() {
    Api b = other.api();
    JsonObject url = createUrl(createUser("ann").getLong("id"), "https://example.com/flip");
    String path = "/urls/" + url.getLong("id");
    String redirect = "/" + url.getString("short_code");
    int stale = 0;
    for (int round = 0; round < ROUNDS; round++) {
      assertEquals(302, b.get(redirect).status(), "warm-up redirect, round " + round); // cached on B
      assertEquals(200, api.put(path, "{\"is_active\":false}").status());
      if (b.get(redirect).status() != 410) {
        stale++;
      }
      assertEquals(200, api.put(path, "{\"is_active\":true}").status());
    }
    assertEquals(0, stale, "stale redirects out of " + ROUNDS);
  }

  @Test
  void deletingAUserStopsItsRedirectsOnEveryReplica() {
    long user = createUser("bo").getLong("id");
    String code = createUrl(user, "https://example.com/gone").getString("short_code");
    assertEquals(302, other.api().get("/" + code).status());
    assertEquals(302, api.get("/" + code).status());
    assertEquals(204, api.delete("/users/" + user).status());
    assertEquals(404, other.api().get("/" + code).status());
    assertEquals(404, api.get("/" + code).status());
  }

  @Test
  void aCodeProbedBeforeItExistedIsFoundOnceCreated() {
    long user = createUser("cy").getLong("id");
    assertEquals(404, other.api().get("/my-alias").status()); // negatively cached on B
    HttpResultAssert.created(api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/alias").put("short_code", "my-alias").encode()));
    assertEquals(302, other.api().get("/my-alias").status());
  }

  /** Keeps the assertion readable where only the status matters. */
  private static final class HttpResultAssert {
    static void created(dev.shortener.testing.HttpResult result) {
      assertEquals(201, result.status(), result.toString());
    }
  }
}
