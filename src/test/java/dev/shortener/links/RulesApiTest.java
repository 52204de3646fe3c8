package dev.shortener.links;

import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.analytics.MmdbWriter;
import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.TestStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Targeting rules: every condition type, first match wins, validated on write, cached with the link. */
class RulesApiTest extends ApiTest {
  static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
      + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/126.0.0.0 Mobile Safari/537.36";
  static final String DESKTOP = MaxVisitsApiTest.BROWSER;
  static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0";
  /** The other replica: a GeoIP database that places 127.0.0.0/8 in Germany. */
  private static TestStack.Replica other;
  private long user;

  @BeforeAll
  static void replicaWithGeoIp() throws Exception {
    Path dir = Files.createTempDirectory("geoip");
    Path db = new MmdbWriter("GeoLite2-Country").maxmindCountry("127.0.0.0/8", "DE").write(dir.resolve("c.mmdb"));
    other = STACK.startReplica(Map.of("GEOIP_DB", db.toString()));
  }

  @AfterAll
  static void stopReplica() {
    other.close();
  }

  @BeforeEach
  void owner() {
    user = createUser("ann").getLong("id");
  }

  private static JsonObject rule(String target, JsonObject... conditions) {
    return new JsonObject().put("target", target).put("conditions", new JsonArray(java.util.List.of(conditions)));
  }

  private static JsonObject when(String type, String value) {
    return new JsonObject().put("type", type).put("value", value);
  }

  private JsonObject create(JsonObject... rules) {
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/default").put("rules", new JsonArray(java.util.List.of(rules)))
        .encode());
    assertStatus(201, created);
    return created.json();
  }

  private static String target(Api client, String path, String... headers) {
    HttpResult redirect = client.get(path, headers);
    assertStatus(302, redirect);
    assertEquals("private, no-store", redirect.header("Cache-Control"));
    return redirect.header("Location");
  }

  @Test
  void theFirstMatchingRulePicksTheTargetElseTheOriginalUrl() {
    JsonObject url = create(
        rule("https://m.example.com/", when("device", "mobile")),
        rule("https://fr.example.com/", when("language", "FR")),
        rule("https://android.example.com/", when("device", "android")));
    String path = "/" + url.getString("short_code");
    assertEquals(3, url.getJsonArray("rules").size());
    assertEquals("fr", url.getJsonArray("rules").getJsonObject(1).getJsonArray("conditions").getJsonObject(0)
        .getString("value"));
    for (int i = 0; i < 2; i++) { // a cache miss, then a near-cache hit: both evaluate the rules
      assertEquals("https://m.example.com/", target(api, path, "User-Agent", IPHONE));
      assertEquals("https://m.example.com/", target(api, path, "User-Agent", ANDROID)); // first match wins
      assertEquals("https://fr.example.com/", target(api, path, "User-Agent", DESKTOP,
          "Accept-Language", "de-CH, fr-CH;q=0.8, en;q=0.5"));
      assertEquals("https://example.com/default", target(api, path, "User-Agent", DESKTOP,
          "Accept-Language", "de, fr;q=0"));
      assertEquals("https://example.com/default", target(api, path, "User-Agent", DESKTOP));
    }
  }

  @Test
  void everyConditionType() {
    JsonObject url = create(
        rule("https://ios.example.com/", when("device", "ios")),
        rule("https://tablet.example.com/", when("device", "tablet")),
        rule("https://firefox.example.com/", when("browser", "firefox"), when("os", "linux")),
        rule("https://campaign.example.com/", new JsonObject().put("type", "query").put("key", "utm").put("value", "x")),
        rule("https://past.example.com/", when("before", "2020-01-01 00:00:00")),
        rule("https://germany.example.com/", when("country", "de"), when("device", "desktop")),
        rule("https://now.example.com/", when("after", "2020-01-01T00:00:00"), when("browser", "Chrome")));
    String path = "/" + url.getString("short_code");
    assertEquals("https://ios.example.com/", target(api, path, "User-Agent", IPHONE));
    assertEquals("https://tablet.example.com/", target(api, path, "User-Agent",
        "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"));
    assertEquals("https://firefox.example.com/", target(api, path, "User-Agent", FIREFOX));
    assertEquals("https://campaign.example.com/", target(api, path + "?utm=x", "User-Agent", DESKTOP));
    assertEquals("https://now.example.com/", target(api, path + "?utm=y", "User-Agent", DESKTOP));
    // the other replica knows 127.0.0.1 is in Germany; this one has no GeoIP database
    assertEquals("https://germany.example.com/", target(other.api(), path, "User-Agent", DESKTOP));
    assertEquals("https://germany.example.com/", target(other.api(), path, "User-Agent", DESKTOP));
    assertEquals("https://now.example.com/", target(api, path, "User-Agent", DESKTOP));
    assertEquals("https://example.com/default", target(api, path, "User-Agent", "curl/8.5.0"));
  }

  @Test
  void aLinkGainingARuleOnOneReplicaLeavesThePlainPathOnTheOtherAtOnce() {
    JsonObject url = createUrl(user, "https://example.com/plain");
    String path = "/" + url.getString("short_code");
    String resource = "/urls/" + url.getLong("id");
    for (int round = 0; round < 20; round++) {
      assertEquals("https://example.com/plain", target(other.api(), path, "User-Agent", IPHONE));
      assertEquals("https://example.com/plain", target(other.api(), path, "User-Agent", IPHONE)); // fast lane
      assertStatus(200, api.put(resource, new JsonObject().put("rules", new JsonArray()
          .add(rule("https://m.example.com/", when("device", "mobile")))).encode()));
      assertEquals("https://m.example.com/", target(other.api(), path, "User-Agent", IPHONE), "round " + round);
      assertEquals("https://example.com/plain", target(other.api(), path, "User-Agent", DESKTOP));
      assertEquals(new JsonArray(), api.put(resource, "{\"rules\":null}").json().getJsonArray("rules"));
    }
  }

  @Test
  void badRulesAreA400NamingThePlaceAndChangeNothing() {
    JsonObject url = createUrl(user, "https://example.com/");
    Object[][] cases = {
        {"\"x\"", "rules"},
        {"[1]", "rules[0]"},
        {"[{\"target\":\"https://a.example/\"}]", "rules[0].conditions"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[]}]", "rules[0].conditions"},
        {"[{\"target\":\"ftp://a.example/\",\"conditions\":[{\"type\":\"os\",\"value\":\"iOS\"}]}]", "rules[0].target"},
        {"[{\"target\":\"http://127.0.0.1/\",\"conditions\":[{\"type\":\"os\",\"value\":\"iOS\"}]}]", "rules[0].target"},
        {"[{\"target\":\"https://a.example/\",\"extra\":1,\"conditions\":[{\"type\":\"os\",\"value\":\"iOS\"}]}]",
            "rules[0]"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"moon\",\"value\":\"full\"}]}]",
            "rules[0].conditions[0].type"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"device\",\"value\":\"fridge\"}]}]",
            "rules[0].conditions[0].value"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"country\",\"value\":\"Germany\"}]}]",
            "rules[0].conditions[0].value"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"language\",\"value\":\"fr_FR\"}]}]",
            "rules[0].conditions[0].value"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"after\",\"value\":\"tomorrow\"}]}]",
            "rules[0].conditions[0].value"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"query\",\"value\":\"x\"}]}]",
            "rules[0].conditions[0].key"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"os\",\"value\":\"\"}]}]",
            "rules[0].conditions[0].value"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"os\",\"value\":5}]}]",
            "rules[0].conditions[0].value"},
        {"[{\"target\":\"https://a.example/\",\"conditions\":[{\"type\":\"os\",\"value\":\"x\",\"key\":\"y\"}]}]",
            "rules[0].conditions[0]"},
        {tooMany(21, 1), "rules"},
        {tooMany(1, 11), "rules[0].conditions"},
    };
    for (Object[] c : cases) {
      String rules = (String) c[0];
      assertValidation(api.post("/urls", "{\"user_id\":" + user + ",\"original_url\":\"https://example.com/\","
          + "\"rules\":" + rules + "}"), (String) c[1]);
      assertValidation(api.put("/urls/" + url.getLong("id"), "{\"rules\":" + rules + "}"), (String) c[1]);
    }
    assertEquals(1, STACK.count("SELECT count(*) FROM urls"));
    assertEquals(0, STACK.count("SELECT count(*) FROM urls WHERE rules IS NOT NULL"));
  }

  private static String tooMany(int rules, int conditions) {
    JsonArray all = new JsonArray();
    for (int i = 0; i < rules; i++) {
      JsonArray cs = new JsonArray();
      for (int j = 0; j < conditions; j++) {
        cs.add(when("os", "iOS"));
      }
      all.add(new JsonObject().put("target", "https://a.example/").put("conditions", cs));
    }
    return all.encode();
  }

  @Test
  void rulesCombineWithAVisitLimitAndTheEventRecordsThem() {
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/d").put("max_visits", 1)
        .put("rules", new JsonArray().add(rule("https://m.example.com/", when("device", "mobile")))).encode());
    String path = "/" + created.json().getString("short_code");
    assertEquals("https://m.example.com/", target(api, path, "User-Agent", IPHONE));
    assertEquals(410, api.get(path, "User-Agent", DESKTOP).status());
    assertTrue(api.put("/urls/" + created.json().getLong("id"), "{\"rules\":[]}").json().getJsonArray("rules")
        .isEmpty());
    JsonObject updated = api.get("/events?event_type=updated").array().getJsonObject(0);
    assertEquals(new JsonArray(), updated.getJsonObject("details").getJsonArray("rules"));
  }
}
