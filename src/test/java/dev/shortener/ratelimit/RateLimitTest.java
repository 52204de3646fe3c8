package dev.shortener.ratelimit;

import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.KeysMode.ADMIN_KEY;
import static dev.shortener.testing.KeysMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.KeysMode;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.time.Duration;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RATE_LIMIT_API: one budget per key across replicas, per client address in open mode, headers on every answer. */
class RateLimitTest extends ApiTest {
  private static final int LIMIT = 4;
  private static KeysMode first;
  private static KeysMode second;
  private static TestStack.Replica open;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> limited = Map.of("RATE_LIMIT_API", Integer.toString(LIMIT));
    first = KeysMode.start(limited);
    second = KeysMode.start(limited);
    open = STACK.startReplica(Map.of("RATE_LIMIT_API", Integer.toString(LIMIT), "TRUSTED_PROXIES", "127.0.0.0/8"));
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
    open.close();
  }

  @AfterEach
  void redisBack() {
    if (!STACK.api().get("/health/ready").json().getJsonObject("checks").getString("cache").equals("up")) {
      STACK.backend().startRedis();
    }
    for (KeysMode replica : new KeysMode[] {first, second}) {
      Waits.until(Duration.ofSeconds(20), "the breaker to close",
          () -> replica.replica().app().services().breakers().worst() == CircuitBreakerState.CLOSED);
    }
  }

  @Test
  void twoReplicasShareOneBudgetPerKeyAndSayHowMuchIsLeft() {
    String key = first.key(null, List.of("read")).getString("key"); // the admin's POST counts against the admin key
    for (int i = 0; i < LIMIT; i++) {
      HttpResult answer = (i % 2 == 0 ? first : second).api().get("/users", as(key));
      assertStatus(200, answer);
      assertEquals(Integer.toString(LIMIT), answer.header("RateLimit-Limit"));
      assertEquals(Integer.toString(LIMIT - i - 1), answer.header("RateLimit-Remaining"));
      long reset = Long.parseLong(answer.header("RateLimit-Reset"));
      assertTrue(reset >= 1 && reset <= 60, answer.header("RateLimit-Reset"));
    }
    for (KeysMode replica : new KeysMode[] {first, second}) {
      HttpResult refused = replica.api().get("/users", as(key));
      assertStatus(429, refused);
      assertEquals(new JsonObject().put("error", "Too many requests"), refused.json());
      assertEquals("0", refused.header("RateLimit-Remaining"));
      long retry = Long.parseLong(refused.header("Retry-After"));
      assertTrue(retry >= 1 && retry <= 60, refused.header("Retry-After"));
    }
    // another key has its own budget; redirects and health have none
    String other = first.key(null, List.of("read")).getString("key");
    assertStatus(200, second.api().get("/urls", as(other)));
    HttpResult health = first.api().get("/health");
    assertStatus(200, health);
    assertNull(health.header("RateLimit-Limit"));
  }

  @Test
  void refusedKeysAreCountedPerClientAddressBeforeTheir401() {
    for (int i = 0; i < LIMIT; i++) {
      HttpResult refused = first.api().get("/users", as("guess-" + i));
      assertStatus(401, refused);
      assertEquals(Integer.toString(LIMIT - i - 1), refused.header("RateLimit-Remaining"));
    }
    assertStatus(429, first.api().get("/users", as("guess-more")));
    assertStatus(200, first.api().get("/users", as(ADMIN_KEY))); // a valid key has its own budget
  }

  @Test
  void openModeCountsPerClientAddressReadThroughTrustedProxiesOnly() {
    // 127.0.0.1 is a trusted proxy here: the right-most untrusted X-Forwarded-For entry is the client
    for (int i = 0; i < LIMIT; i++) {
      assertStatus(200, open.api().get("/users", "X-Forwarded-For", "198.51.100.7, 127.0.0.5"));
    }
    assertStatus(429, open.api().get("/users", "X-Forwarded-For", "198.51.100.7"));
    // a client cannot escape by putting something else to the left of its own address
    assertStatus(429, open.api().get("/users", "X-Forwarded-For", "203.0.113.9, 198.51.100.7"));
    assertStatus(200, open.api().get("/users", "X-Forwarded-For", "198.51.100.8"));
    assertStatus(200, open.api().get("/users")); // the proxy itself, with no header
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    TestStack.Replica replica = null;
    try {
      replica = STACK.startReplica(Map.of("RATE_LIMIT_API", Integer.toString(LIMIT)));
      for (int i = 0; i < LIMIT; i++) {
        assertStatus(200, replica.api().get("/users", "X-Forwarded-For", "192.0.2." + i));
      }
      assertStatus(429, replica.api().get("/users", "X-Forwarded-For", "192.0.2.200"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (replica != null) {
        replica.close();
      }
    }
  }

  @Test
  void whileRedisIsDownEachReplicaKeepsItsOwnBudgetAndNeverFails() {
    String key = first.key(null, List.of("read")).getString("key");
    STACK.backend().stopRedis();
    for (int i = 0; i < LIMIT; i++) {
      HttpResult answer = first.api().get("/users", as(key));
      assertStatus(200, answer);
      assertEquals(Integer.toString(LIMIT - i - 1), answer.header("RateLimit-Remaining"));
    }
    assertStatus(429, first.api().get("/users", as(key)));
    assertStatus(200, second.api().get("/users", as(key))); // per replica: the second has its own
  }
}
