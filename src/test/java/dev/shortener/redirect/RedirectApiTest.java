package dev.shortener.redirect;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Scrape;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectApiTest extends ApiTest {
  private static final String TARGET = "https://example.com/landing?x=1";
  private long userId;
  private JsonObject url;
  private String code;

  @BeforeEach
  void fixtures() {
    userId = createUser("owner").getLong("id");
    url = createUrl(userId, TARGET);
    code = url.getString("short_code");
  }

  private static String path(String template, String code) {
    return template.replace("{code}", code);
  }

  private JsonArray redirectEvents() {
    return api.get("/events?event_type=redirect").array();
  }

  /** Waits (1 s, the contract's bound) until exactly {@code n} redirect events are visible. */
  private JsonArray awaitRedirectEvents(int n) {
    Waits.until(Duration.ofSeconds(1), n + " redirect events", () -> redirectEvents().size() >= n);
    JsonArray events = redirectEvents();
    assertEquals(n, events.size(), events.encode());
    return events;
  }

  /**
   * The redirect events once a later click is written and the writers are idle: nothing clicked
   * before is still on the way (two writers may finish their batches in either order).
   */
  private JsonArray afterAMarkerClick() {
    JsonObject marker = createUrl(userId, "https://example.com/marker");
    assertStatus(302, api.get("/" + marker.getString("short_code")));
    Waits.until(Duration.ofSeconds(1), "the marker click",
        () -> api.get("/events?event_type=redirect&url_id=" + marker.getLong("id")).array().size() == 1
            && STACK.app().services().clicks().idle());
    JsonArray others = new JsonArray();
    for (Object e : redirectEvents()) {
      if (((JsonObject) e).getLong("url_id") != marker.getLong("id").longValue()) {
        others.add(e);
      }
    }
    return others;
  }

  @ParameterizedTest
  @ValueSource(strings = {"/{code}", "/r/{code}", "/urls/{code}/redirect", "/v1/urls/{code}/redirect"})
  void redirectsWith302AndNoStore(String template) {
    HttpResult redirect = api.get(path(template, code));
    assertStatus(302, redirect);
    assertEquals(TARGET, redirect.header("Location"));
    assertEquals("private, no-store", redirect.header("Cache-Control"));
    awaitRedirectEvents(1);
  }

  @Test
  void recordsOneRedirectEventPerGet() {
    HttpResult redirect = api.get("/" + code, "Referer", "https://news.example/item?id=1", "User-Agent", "TestAgent/1.0");
    assertStatus(302, redirect);
    JsonObject event = awaitRedirectEvents(1).getJsonObject(0);
    assertEquals(url.getLong("id"), event.getLong("url_id"));
    assertEquals(userId, event.getLong("user_id"));
    assertEquals("redirect", event.getString("event_type"));
    assertEquals(new JsonObject().put("short_code", code).put("referrer", "https://news.example/item?id=1")
        .put("user_agent", "TestAgent/1.0"), event.getJsonObject("details"));

    api.get("/r/" + code);
    api.get("/urls/" + code + "/redirect");
    awaitRedirectEvents(3);
    assertEquals(3, afterAMarkerClick().size());
  }

  /** The first redirect goes through the router (near-cache miss); the next ones take the fast lane. */
  @Test
  void aNearCachedRedirectAnswersExactlyLikeTheRoutedOne() {
    String gets = "vertx_http_server_requests_total{code=\"302\",method=\"GET\",route=\"/:code\"}";
    String heads = "vertx_http_server_requests_total{code=\"302\",method=\"HEAD\",route=\"/:code\"}";
    String nearHits = "shortener_cache_lookups_total{result=\"hit\",tier=\"near\"}";
    double getsBefore = Scrape.value(api, gets);
    double headsBefore = Scrape.value(api, heads);
    double nearHitsBefore = Scrape.value(api, nearHits);
    HttpResult routed = api.get("/" + code, "X-Request-ID", "first-request", "Referer", "https://a.example/");
    HttpResult fast = api.get("/" + code, "X-Request-ID", "second-request", "Referer", "https://a.example/");
    HttpResult generatedId = api.get("/" + code, "X-Request-ID", "not a sane id");
    for (HttpResult redirect : List.of(routed, fast, generatedId)) {
      assertStatus(302, redirect);
      assertEquals(TARGET, redirect.header("Location"));
      assertEquals("private, no-store", redirect.header("Cache-Control"));
      assertEquals(routed.headers().map().keySet(), redirect.headers().map().keySet());
    }
    assertEquals("first-request", routed.header("X-Request-ID"));
    assertEquals("second-request", fast.header("X-Request-ID"));
    assertTrue(generatedId.header("X-Request-ID").matches("[0-9a-f]{32}"), generatedId.header("X-Request-ID"));
    assertStatus(302, api.head("/" + code));

    JsonArray events = awaitRedirectEvents(3);
    long withReferrer = events.stream()
        .filter(e -> "https://a.example/".equals(((JsonObject) e).getJsonObject("details").getString("referrer")))
        .count();
    assertEquals(2, withReferrer, events.encode());
    assertEquals(3, afterAMarkerClick().size(), "HEAD records no event on the fast lane either");
    assertEquals(4, Scrape.value(api, gets) - getsBefore, "every redirect counted under its route, the marker's too");
    assertEquals(1, Scrape.value(api, heads) - headsBefore);
    assertEquals(3, Scrape.value(api, nearHits) - nearHitsBefore, "the fast lane's answers are near-cache hits");
  }

  @Test
  void aRedirectWithoutRefererRecordsANullReferrer() {
    api.get("/" + code);
    JsonObject details = awaitRedirectEvents(1).getJsonObject(0).getJsonObject("details");
    assertTrue(details.containsKey("referrer"));
    assertEquals(null, details.getValue("referrer"));
    assertEquals(code, details.getString("short_code"));
  }

  @Test
  void longRefererAndUserAgentAreTruncated() {
    String referrer = "https://news.example/" + "r".repeat(3000);
    String agent = "Agent/" + "a".repeat(3000);
    assertStatus(302, api.get("/" + code, "Referer", referrer, "User-Agent", agent));
    JsonObject details = awaitRedirectEvents(1).getJsonObject(0).getJsonObject("details");
    String storedReferrer = details.getString("referrer");
    String storedAgent = details.getString("user_agent");
    assertTrue(storedReferrer.length() < referrer.length() && referrer.startsWith(storedReferrer), storedReferrer);
    assertTrue(storedAgent.length() < agent.length() && agent.startsWith(storedAgent), storedAgent);
    assertTrue(storedReferrer.length() >= 200, "keeps a useful prefix");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/{code}", "/r/{code}", "/urls/{code}/redirect"})
  void headAnswersLikeGetWithoutAnEvent(String template) {
    HttpResult head = api.head(path(template, code));
    assertStatus(302, head);
    assertEquals(TARGET, head.header("Location"));
    assertEquals("private, no-store", head.header("Cache-Control"));
    assertEquals(404, api.head(path(template, "nosuch")).status());
    assertEquals(0, afterAMarkerClick().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/{code}", "/r/{code}", "/urls/{code}/redirect", "/v1/urls/{code}/redirect"})
  void anUnknownCodeIs404(String template) {
    assertError(404, "Not found", api.get(path(template, "nosuch")));
    assertError(404, "Not found", api.get(path(template, "a.b")));
    assertEquals(0, afterAMarkerClick().size());
  }

  @Test
  void codesAreCaseSensitive() {
    api.post("/urls", new JsonObject().put("user_id", userId).put("original_url", TARGET)
        .put("short_code", "MixedCase").encode());
    assertStatus(302, api.get("/MixedCase"));
    assertError(404, "Not found", api.get("/mixedcase"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/{code}", "/r/{code}", "/urls/{code}/redirect"})
  void aDeactivatedUrlIs410WithoutAnEvent(String template) {
    api.put("/urls/" + url.getLong("id"), "{\"is_active\":false}");
    assertError(410, "URL is deactivated", api.get(path(template, code)));
    assertEquals(410, api.head(path(template, code)).status());
    assertEquals(0, afterAMarkerClick().size());
  }

  @Test
  void anExpiredUrlIs410WithoutAnEvent() {
    STACK.sql("UPDATE urls SET expires_at = (now() AT TIME ZONE 'utc') - interval '1 second' WHERE id = "
        + url.getLong("id"));
    assertError(410, "URL has expired", api.get("/" + code));
    assertError(410, "URL has expired", api.get("/r/" + code));
    assertEquals(0, afterAMarkerClick().size());
  }

  @Test
  void aCachedUrlExpiresOnTime() {
    String soon = LocalDateTime.now(ZoneOffset.UTC).plusSeconds(2).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    JsonObject expiring = api.post("/urls", new JsonObject().put("user_id", userId).put("original_url", TARGET)
        .put("expires_at", soon).encode()).json();
    String expiringCode = expiring.getString("short_code");
    assertStatus(302, api.get("/" + expiringCode)); // cached in every tier now
    Waits.until(Duration.ofSeconds(5), "the expiry", () -> api.get("/" + expiringCode).status() == 410);
    assertError(410, "URL has expired", api.get("/" + expiringCode));
  }

  @Test
  void aDeletedUrlStopsRedirectingAtOnce() {
    assertStatus(302, api.get("/" + code));
    assertStatus(204, api.delete("/urls/" + url.getLong("id")));
    assertError(404, "Not found", api.get("/" + code));
    assertError(404, "Not found", api.get("/urls/" + code + "/redirect"));
  }

  @Test
  void aCodeCreatedAfterA404RedirectsAtOnce() {
    assertError(404, "Not found", api.get("/later1")); // negative entry cached
    api.post("/urls", new JsonObject().put("user_id", userId).put("original_url", TARGET)
        .put("short_code", "later1").encode());
    assertStatus(302, api.get("/later1"));
  }
}
