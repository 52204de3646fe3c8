package dev.shortener.links;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.TestStack;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** max_visits: exactly that many human redirects across two replicas, Redis up or down; bots never count. */
class MaxVisitsApiTest extends ApiTest {
  static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/126.0.0.0 Safari/537.36";
  static final String CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  private static final String LIMIT_REACHED = "URL has reached its visit limit";
  private static TestStack.Replica other;
  private long user;

  @BeforeAll
  static void secondReplica() throws Exception {
    other = STACK.startReplica(Map.of());
  }

  @AfterAll
  static void stopSecondReplica() {
    other.close();
  }

  @BeforeEach
  void owner() {
    user = createUser("ann").getLong("id");
  }

  @AfterEach
  void redisBack() {
    redisBackIfStopped();
  }

  private JsonObject limited(int maxVisits) {
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/limited").put("max_visits", maxVisits).encode());
    assertStatus(201, created);
    return created.json();
  }

  @Test
  void exactlyMaxVisitsHumansGetTheRedirectAcrossTwoReplicas() throws Exception {
    assertExactUnderConcurrentLoad();
  }

  @Test
  void exactlyMaxVisitsHumansGetTheRedirectWhileRedisIsDown() throws Exception {
    STACK.backend().stopRedis();
    assertExactUnderConcurrentLoad();
  }

  /** 120 humans and 40 crawlers at once, half on each replica, for 25 visits. */
  private void assertExactUnderConcurrentLoad() throws Exception {
    JsonObject url = limited(25);
    String path = "/" + url.getString("short_code");
    List<Api> replicas = List.of(api, other.api());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResult>> humans = new ArrayList<>();
      List<Future<HttpResult>> bots = new ArrayList<>();
      for (int i = 0; i < 160; i++) {
        Api replica = replicas.get(i % 2);
        boolean bot = i % 4 == 3;
        (bot ? bots : humans).add(pool.submit(() -> replica.get(path, "User-Agent", bot ? CRAWLER : BROWSER)));
      }
      int redirected = 0;
      for (Future<HttpResult> human : humans) {
        HttpResult result = human.get();
        if (result.status() == 302) {
          redirected++;
        } else {
          assertError(410, LIMIT_REACHED, result);
        }
      }
      assertEquals(25, redirected, "human redirects for max_visits 25");
      for (Future<HttpResult> bot : bots) {
        int status = bot.get().status();
        assertEquals(true, status == 302 || status == 410, "a crawler gets the redirect or the 410, nothing else");
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(25, STACK.count("SELECT visits FROM urls"));
    assertError(410, LIMIT_REACHED, other.api().get(path, "User-Agent", BROWSER));
    assertError(410, LIMIT_REACHED, api.get(path, "User-Agent", CRAWLER));
  }

  @Test
  void botsAndHeadNeitherCountNorConsume() {
    JsonObject url = limited(2);
    String path = "/" + url.getString("short_code");
    for (String agent : new String[] {CRAWLER, "curl/8.5.0", "facebookexternalhit/1.1", "Slackbot-LinkExpanding 1.0"}) {
      assertStatus(302, api.get(path, "User-Agent", agent));
    }
    assertStatus(302, api.get(path)); // the test client's own agent is an HTTP library: a bot
    assertStatus(302, api.head(path));
    assertEquals(0, STACK.count("SELECT visits FROM urls"));
    assertStatus(302, api.get(path, "User-Agent", BROWSER));
    assertStatus(302, other.api().get(path, "User-Agent", BROWSER));
    assertError(410, LIMIT_REACHED, api.get(path, "User-Agent", BROWSER));
    assertEquals(410, api.head(path).status());
  }

  @Test
  void putRaisesOrRemovesTheLimitOnEveryReplicaAtOnce() {
    JsonObject url = limited(1);
    String path = "/" + url.getString("short_code");
    String resource = "/urls/" + url.getLong("id");
    assertEquals(1, url.getInteger("max_visits"));
    assertStatus(302, other.api().get(path, "User-Agent", BROWSER));
    assertError(410, LIMIT_REACHED, other.api().get(path, "User-Agent", BROWSER));
    assertEquals(2, api.put(resource, "{\"max_visits\":2}").json().getInteger("max_visits"));
    assertStatus(302, other.api().get(path, "User-Agent", BROWSER));
    assertError(410, LIMIT_REACHED, other.api().get(path, "User-Agent", BROWSER));
    assertEquals(null, api.put(resource, "{\"max_visits\":null}").json().getValue("max_visits"));
    assertStatus(302, other.api().get(path, "User-Agent", BROWSER));
    assertStatus(302, other.api().get(path, "User-Agent", BROWSER));
  }

  @Test
  void aBadLimitIsA400AndChangesNothing() {
    JsonObject url = limited(3);
    for (String bad : new String[] {"0", "-1", "\"5\"", "1.5", "true", "2147483648", "{}"}) {
      assertValidation(api.post("/urls", "{\"user_id\":" + user + ",\"original_url\":\"https://example.com/\","
          + "\"max_visits\":" + bad + "}"), "max_visits");
      assertValidation(api.put("/urls/" + url.getLong("id"), "{\"max_visits\":" + bad + "}"), "max_visits");
    }
    assertEquals(1, STACK.count("SELECT count(*) FROM urls"));
    assertEquals(3, api.get("/urls/" + url.getLong("id")).json().getInteger("max_visits"));
  }
}
