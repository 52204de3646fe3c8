package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.KeysMode;
import dev.shortener.testing.Ports;
import dev.shortener.testing.RedisCommands;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica A (the shared stack) reaches Redis and PostgreSQL; replica B reaches PostgreSQL only (its
 * Redis port has nothing behind it). B's changes cannot travel over Redis, so PostgreSQL's
 * LISTEN/NOTIFY carries them: A must stop serving the old target, from its near cache and from Redis.
 */
class InvalidationWithoutRedisTest extends ApiTest {
  private static TestStack.Replica withoutRedis;

  @BeforeAll
  static void startReplicaWithoutRedis() throws Exception {
    withoutRedis = STACK.startReplica(Map.of("REDIS_URL", "redis://127.0.0.1:" + Ports.free()));
  }

  @AfterAll
  static void stopReplicaWithoutRedis() {
    withoutRedis.close();
  }

  @BeforeEach
  void replicaAHearsBothBuses() {
    Waits.until(Duration.ofSeconds(10), "replica A to trust its near cache",
        () -> STACK.app().services().invalidations().trusted());
  }

  @Test
  void aChangeOnTheReplicaWithoutRedisIsSeenByTheOtherBeforeTheAnswer() {
    Api b = withoutRedis.api();
    long user = createUser("ann").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/old");
    String code = url.getString("short_code");
    String path = "/urls/" + url.getLong("id");
    warm(code, "https://example.com/old");
    assertFalse(withoutRedis.app().services().invalidations().trusted(), "B cannot hear Redis");

    assertEquals(200, b.put(path, "{\"original_url\":\"https://example.com/new\"}").status());
    // the PUT answered once A acknowledged: neither A's near cache nor A's Redis may give the old target
    assertEquals("https://example.com/new", api.get("/" + code).header("Location"));
    assertEquals("https://example.com/new", api.get("/" + code).header("Location"));

    assertEquals(200, b.put(path, "{\"is_active\":false}").status());
    assertEquals(410, api.get("/" + code).status());
    assertEquals(200, b.put(path, "{\"is_active\":true}").status());
    // near-cached on A again (Redis keeps the tombstone a few seconds: fills never overwrite one)
    assertEquals("https://example.com/new", api.get("/" + code).header("Location"));
    assertEquals("https://example.com/new", api.get("/" + code).header("Location"));

    assertEquals(204, b.delete(path).status());
    assertEquals(404, api.get("/" + code).status());
    assertEquals(404, api.get("/" + code).status());
  }

  @Test
  void deletingAUserOnTheReplicaWithoutRedisStopsItsRedirectsElsewhere() {
    long user = createUser("bo").getLong("id");
    String code = createUrl(user, "https://example.com/bo").getString("short_code");
    warm(code, "https://example.com/bo");
    assertEquals(204, withoutRedis.api().delete("/users/" + user).status());
    assertEquals(404, api.get("/" + code).status());
  }

  @Test
  void aChangeMadeWhileTheListenerWasAwayIsNotLeftCached() throws Exception {
    long user = createUser("cy").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/before");
    String code = url.getString("short_code");
    warm(code, "https://example.com/before");

    // every listening session is cut as soon as it is back, so the change's NOTIFY finds nobody to hear it
    AtomicBoolean cutting = new AtomicBoolean(true);
    Thread cutter = new Thread(() -> {
      while (cutting.get()) {
        STACK.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE application_name = 'shortener-invalidations'");
        Waits.sleep(2);
      }
    });
    cutter.start();
    try {
      Waits.until(Duration.ofSeconds(10), "A to notice its LISTEN session is gone",
          () -> !STACK.app().services().invalidations().trusted());
      HttpResult changed = withoutRedis.api().put("/urls/" + url.getLong("id"),
          "{\"original_url\":\"https://example.com/after\"}");
      assertEquals(200, changed.status(), changed.toString());
    } finally {
      cutting.set(false);
      cutter.join();
    }

    Waits.until(Duration.ofSeconds(10), "A to listen again and trust its near cache",
        () -> STACK.app().services().invalidations().trusted());
    assertEquals("https://example.com/after", api.get("/" + code).header("Location"));
    assertEquals("https://example.com/after", api.get("/" + code).header("Location"));
  }

  @Test
  void aKeyRevokedOnAReplicaWithoutRedisIsRefusedElsewhere() throws Exception {
    try (KeysMode withRedis = KeysMode.start(Map.of());
        KeysMode noRedis = KeysMode.start(Map.of("REDIS_URL", "redis://127.0.0.1:" + Ports.free()))) {
      Waits.until(Duration.ofSeconds(10), "the keys-mode replica with Redis to trust its caches",
          () -> withRedis.replica().app().services().invalidations().trusted());
      long user = withRedis.user("dee");
      JsonObject key = withRedis.key(user, List.of("read"));
      String secret = key.getString("key");
      assertEquals(200, withRedis.api().get("/urls", KeysMode.as(secret)).status()); // resolved and cached there

      assertEquals(204, noRedis.api().delete("/api-keys/" + key.getLong("id"), KeysMode.as(KeysMode.ADMIN_KEY)).status());
      assertEquals(401, withRedis.api().get("/urls", KeysMode.as(secret)).status());
    }
  }

  /** Redirects on A until the target is in A's near cache and in Redis. */
  private void warm(String code, String target) {
    assertEquals(target, api.get("/" + code).header("Location"));
    assertEquals(target, api.get("/" + code).header("Location"));
    Waits.until(Duration.ofSeconds(5), "Redis to hold the target",
        () -> RedisCommands.command(STACK.backend().redisUrl(), "GET", "sc:" + code).contains(target));
  }
}
