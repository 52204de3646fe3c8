package dev.shortener.clicks;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.analytics.MmdbWriter;
import dev.shortener.analytics.Visitors;
import dev.shortener.db.Database;
import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Load;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clicks end to end on a replica with a GeoIP database of the test's own making: enriched redirect
 * events, rollups that equal the raw log after concurrent load, stats answered from them, retention.
 */
class ClickAnalyticsTest extends ApiTest {
  private static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
      + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  private static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  private static final String CURL = "curl/8.5.0";

  @TempDir
  static Path dir;
  private static TestStack.Replica replica;
  private static Api geo;

  @BeforeAll
  static void replicaWithGeoIp() throws Exception {
    Path db = new MmdbWriter("GeoLite2-Country").maxmindCountry("127.0.0.0/8", "NL").write(dir.resolve("c.mmdb"));
    replica = STACK.startReplica(Map.of("GEOIP_DB", db.toString()));
    geo = replica.api();
  }

  @AfterAll
  static void stopReplica() {
    replica.close();
  }

  private void awaitWritten() {
    Waits.until(Duration.ofSeconds(10), "clicks written",
        () -> replica.app().services().clicks().idle() && STACK.app().services().clicks().idle());
  }

  @Test
  void redirectEventsCarryTheEnrichmentAndStatsCountThem() {
    long user = createUser("ann").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/a");
    String path = "/" + url.getString("short_code");
    long id = url.getLong("id");
    assertEquals(302, geo.get(path, "User-Agent", CHROME, "Referer", "https://news.ycombinator.com/item?id=1").status());
    assertEquals(302, geo.get(path, "User-Agent", CHROME, "Referer", "https://news.ycombinator.com/item?id=2").status());
    assertEquals(302, geo.get(path, "User-Agent", IPHONE).status());
    assertEquals(302, geo.get(path, "User-Agent", GOOGLEBOT).status());
    assertEquals(302, geo.get(path, "User-Agent", CURL).status());
    assertEquals(302, geo.head(path).status()); // never a click
    awaitWritten();

    // in click order: two writers may commit (and so number) their batches in either order
    JsonArray events = new JsonArray(geo.get("/events?event_type=redirect&url_id=" + id).array().stream()
        .map(JsonObject.class::cast).sorted(java.util.Comparator.comparing(e -> e.getString("timestamp"))).toList());
    assertEquals(5, events.size());
    JsonObject first = events.getJsonObject(0).getJsonObject("details");
    assertEquals("news.ycombinator.com", first.getString("referrer_host"));
    assertEquals("Chrome", first.getString("browser"));
    assertEquals("Windows", first.getString("os"));
    assertEquals("desktop", first.getString("device"));
    assertEquals(false, first.getBoolean("bot"));
    assertEquals("NL", first.getString("country"), "from the fixture database");
    assertTrue(first.getString("visitor").matches("[0-9a-f]{16}"));
    JsonObject second = events.getJsonObject(1).getJsonObject("details");
    assertEquals(first.getString("visitor"), second.getString("visitor"), "same client, same day");
    JsonObject phone = events.getJsonObject(2).getJsonObject("details");
    assertNotEquals(first.getString("visitor"), phone.getString("visitor"), "another user agent");
    assertEquals("mobile", phone.getString("device"));
    assertEquals(null, phone.getValue("referrer_host"));
    assertEquals("bot", events.getJsonObject(3).getJsonObject("details").getString("device"));
    assertEquals(true, events.getJsonObject(4).getJsonObject("details").getBoolean("bot"));
    JsonObject one = geo.get("/events/" + events.getJsonObject(2).getLong("id")).json();
    assertEquals(events.getJsonObject(2), one);

    JsonObject stats = geo.get("/urls/" + id + "/stats").json();
    assertEquals(id, stats.getLong("url_id"));
    assertEquals("day", stats.getString("interval"));
    assertEquals(new JsonObject().put("clicks", 5).put("humans", 3).put("bots", 2).put("unique_visitors", 4),
        stats.getJsonObject("totals"));
    JsonArray series = stats.getJsonArray("series");
    assertEquals(30, series.size(), "the last 30 days, today included");
    JsonObject today = series.getJsonObject(29);
    assertEquals(LocalDate.now(ZoneOffset.UTC) + "T00:00:00", today.getString("start"));
    assertEquals(5, today.getLong("clicks"));
    for (int i = 0; i < 29; i++) {
      assertEquals(0, series.getJsonObject(i).getLong("clicks"), "empty days are present, with zeros");
    }
    JsonObject top = stats.getJsonObject("top");
    assertEquals(new JsonArray().add(count("news.ycombinator.com", 2)).add(count("(direct)", 1)), top.getJsonArray("referrers"));
    assertEquals(new JsonArray().add(count("NL", 3)), top.getJsonArray("countries"));
    assertEquals(new JsonArray().add(count("Chrome", 2)).add(count("Mobile Safari", 1)), top.getJsonArray("browsers"));
    assertEquals(new JsonArray().add(count("Windows", 2)).add(count("iOS", 1)), top.getJsonArray("os"));
    assertEquals(new JsonArray().add(count("desktop", 2)).add(count("mobile", 1)), top.getJsonArray("devices"));

    JsonObject userStats = geo.get("/users/" + user + "/stats?interval=hour&from="
        + LocalDate.now(ZoneOffset.UTC) + "T00:00:00").json();
    assertEquals(user, userStats.getLong("user_id"));
    assertEquals(5, userStats.getJsonObject("totals").getLong("clicks"));
    assertEquals(new JsonArray().add(new JsonObject().put("url_id", id).put("short_code", url.getString("short_code"))
        .put("clicks", 5)), userStats.getJsonArray("links"));
    long hours = userStats.getJsonArray("series").size();
    assertTrue(hours >= 1 && hours <= 24, "hour buckets of today so far: " + hours);
    assertEquals(5, userStats.getJsonArray("series").stream()
        .mapToLong(b -> ((JsonObject) b).getLong("clicks")).sum());
  }

  private static JsonObject count(String value, long clicks) {
    return new JsonObject().put("value", value).put("clicks", clicks);
  }

  @Test
  void everyBucketOfTheRangeIsPresent() {
    long user = createUser("bo").getLong("id");
    long id = createUrl(user, "https://example.com/b").getLong("id");
    JsonObject weeks = api.get("/urls/" + id + "/stats?from=2026-01-01&to=2026-03-01&interval=week").json();
    JsonArray series = weeks.getJsonArray("series");
    assertEquals("2025-12-29T00:00:00", series.getJsonObject(0).getString("start"), "weeks start on Monday");
    assertEquals("2026-02-23T00:00:00", series.getJsonObject(series.size() - 1).getString("start"));
    assertEquals(9, series.size());
    assertEquals("2025-12-29T00:00:00", weeks.getString("from"));
    assertEquals("2026-03-01T00:00:00", weeks.getString("to"));
    JsonArray months = api.get("/urls/" + id + "/stats?from=2026-01-15%2000:00:00&to=2026-04-01T00:00:00&interval=month")
        .json().getJsonArray("series");
    assertEquals(List.of("2026-01-01T00:00:00", "2026-02-01T00:00:00", "2026-03-01T00:00:00"),
        months.stream().map(b -> ((JsonObject) b).getString("start")).toList());
    assertEquals(1000, api.get("/urls/" + id + "/stats?from=2026-01-01&to=2026-02-11T16:00:00&interval=hour").json()
        .getJsonArray("series").size());
    JsonObject empty = api.get("/users/" + user + "/stats").json();
    assertEquals(new JsonArray(), empty.getJsonArray("links"));
    assertEquals(new JsonArray(), empty.getJsonObject("top").getJsonArray("countries"));
  }

  @Test
  void badRangesAre400AndUnknownIds404() {
    long user = createUser("cy").getLong("id");
    long id = createUrl(user, "https://example.com/c").getLong("id");
    String stats = "/urls/" + id + "/stats";
    assertValidation(api.get(stats + "?interval=year"), "interval");
    assertEquals("must be one of hour, day, week, month",
        api.get(stats + "?interval=year").json().getJsonObject("details").getString("interval"));
    assertValidation(api.get(stats + "?from=yesterday"), "from");
    assertValidation(api.get(stats + "?to=2026-13-01"), "to");
    assertValidation(api.get(stats + "?from=2026-02-01&to=2026-01-01"), "from");
    assertValidation(api.get(stats + "?from=2026-01-01&to=2026-01-01"), "from");
    HttpResult tooMany = api.get(stats + "?from=2026-01-01&to=2026-02-11T16:00:01&interval=hour");
    assertValidation(tooMany, "interval");
    assertTrue(tooMany.json().getJsonObject("details").getString("interval").contains("1000"));
    assertValidation(api.get("/users/" + user + "/stats?from=2020-01-01&interval=day"), "interval");
    assertError(404, "URL not found", api.get("/urls/999999/stats"));
    assertError(404, "URL not found", api.get("/urls/abc/stats"));
    assertError(404, "User not found", api.get("/users/999999/stats"));
    assertEquals(200, api.get("/v1/urls/" + id + "/stats?interval=month&from=2020-01-01").status());
  }

  @Test
  void rollupsEqualTheRawLogAfterConcurrentLoad() {
    long user = createUser("dee").getLong("id");
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      paths.add("/" + createUrl(user, "https://example.com/d" + i).getString("short_code"));
    }
    String[] agents = {CHROME, IPHONE, GOOGLEBOT, CURL, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"};
    String[] referrers = {"https://t.co/x", "https://www.reddit.com/r/a", "", "https://news.ycombinator.com/"};
    // both replicas, two writers each, write the same links' rollup rows at once
    Api[] sides = {api, geo};
    Load load = Load.start(8, i -> sides[i % 2].get(paths.get(i % paths.size()), "User-Agent", agents[(i / 2) % agents.length],
        "Referer", referrers[(i / 3) % referrers.length]));
    load.runFor(Duration.ofSeconds(3)).stop();
    assertEquals(0, load.serverErrors() + load.transportErrors(), load.toString());
    long redirects = load.count(302);
    assertTrue(redirects > 200, load.toString());
    awaitWritten();

    assertEquals(redirects, STACK.count("SELECT count(*) FROM clicks"));
    assertEquals(redirects, STACK.count("SELECT sum(clicks) FROM click_hourly"));
    assertEquals(0, STACK.count("""
        SELECT count(*) FROM (
          SELECT url_id, date_trunc('hour', at) AS hour, count(*) AS clicks,
                 count(*) FILTER (WHERE NOT bot) AS humans, count(*) FILTER (WHERE bot) AS bots
          FROM clicks GROUP BY 1, 2) raw
        FULL JOIN click_hourly h USING (url_id, hour)
        WHERE raw.clicks IS DISTINCT FROM h.clicks OR raw.humans IS DISTINCT FROM h.humans
           OR raw.bots IS DISTINCT FROM h.bots"""));
    assertEquals(0, STACK.count("""
        SELECT count(*) FROM (
          SELECT url_id, at::date AS day, count(DISTINCT visitor) AS visitors FROM clicks GROUP BY 1, 2) raw
        FULL JOIN (SELECT url_id, hour::date AS day, sum(visitors) AS visitors FROM click_hourly GROUP BY 1, 2) h
          USING (url_id, day)
        WHERE raw.visitors IS DISTINCT FROM h.visitors"""));
    assertEquals(0, STACK.count("""
        SELECT count(*) FROM (
          SELECT url_id, date_trunc('hour', at) AS hour, 1 AS dimension, coalesce(referrer_host, '(direct)') AS value,
                 count(*) AS humans FROM clicks WHERE NOT bot GROUP BY 1, 2, 3, 4
          UNION ALL
          SELECT url_id, date_trunc('hour', at), 3, coalesce(browser, '(unknown)'), count(*)
          FROM clicks WHERE NOT bot GROUP BY 1, 2, 3, 4
          UNION ALL
          SELECT url_id, date_trunc('hour', at), 5, device, count(*) FROM clicks WHERE NOT bot GROUP BY 1, 2, 3, 4) raw
        FULL JOIN (SELECT * FROM click_dimensions WHERE dimension IN (1, 3, 5)) d
          USING (url_id, hour, dimension, value)
        WHERE raw.humans IS DISTINCT FROM d.humans"""));
    assertEquals(0, STACK.count("""
        SELECT count(*) FROM (SELECT url_id, hour::date AS day, dimension, value, sum(humans) AS humans
                              FROM click_dimensions GROUP BY 1, 2, 3, 4) h
        FULL JOIN click_dimensions_daily d USING (url_id, day, dimension, value)
        WHERE h.humans IS DISTINCT FROM d.humans"""));
    // top lists read whole days from the daily rollup and partial days from the hourly one: same answer
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonObject byDays = api.get("/users/" + user + "/stats?from=" + today.minusDays(1) + "&to=" + today.plusDays(1)).json();
    JsonObject byHours = api.get("/users/" + user + "/stats?from=" + today + "&to=" + today + "T23:59:59&interval=hour")
        .json(); // no whole day in the range: hourly rows only
    assertEquals(byDays.getJsonObject("top"), byHours.getJsonObject("top"));
    assertEquals(STACK.count("SELECT count(*) FROM clicks WHERE NOT bot AND referrer_host = 't.co'"),
        byDays.getJsonObject("top").getJsonArray("referrers").stream().map(JsonObject.class::cast)
            .filter(c -> c.getString("value").equals("t.co")).findFirst().orElseThrow().getLong("clicks"));
    JsonObject totals = api.get("/users/" + user + "/stats").json().getJsonObject("totals");
    assertEquals(redirects, totals.getLong("clicks"));
    assertEquals(STACK.count("SELECT count(*) FROM clicks WHERE bot"), totals.getLong("bots"));
  }

  @Test
  void retentionDropsWholeOldPartitionsOnly() throws Exception {
    long user = createUser("eve").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/e");
    assertEquals(302, api.get("/" + url.getString("short_code")).status());
    awaitWritten();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate old = today.minusDays(40);
    STACK.sql("SELECT clicks_partition('" + old + "')");
    STACK.sql("INSERT INTO clicks (id, at, url_id, user_id, short_code, device, bot, visitor) VALUES "
        + "(nextval('events_id_seq'), '" + old + " 12:00', " + url.getLong("id") + ", " + user + ", 'x', 'other', false, "
        + "'0000000000000000')");
    String oldName = "clicks_p" + old.toString().replace("-", "");
    Database db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    try {
      assertEquals(List.of(), ClickMaintenance.run(db, 0, today).await(30, TimeUnit.SECONDS), "0 keeps everything");
      assertEquals(List.of(oldName), ClickMaintenance.run(db, 30, today).await(30, TimeUnit.SECONDS));
      assertEquals(List.of(), ClickMaintenance.run(db, 30, today).await(30, TimeUnit.SECONDS), "idempotent");
    } finally {
      db.close().await(10, TimeUnit.SECONDS);
    }
    assertEquals(0, STACK.count("SELECT count(*) FROM pg_class WHERE relname = '" + oldName + "'"));
    assertEquals(1, STACK.count("SELECT count(*) FROM clicks"), "today's click is kept");
    for (int d = -1; d <= 3; d++) {
      String name = "clicks_p" + today.plusDays(d).toString().replace("-", "");
      assertEquals(1, STACK.count("SELECT count(*) FROM pg_class WHERE relname = '" + name + "'"), name);
    }
  }

  @Test
  void visitorSecretsAreSharedByReplicasAndChangeEveryDay() throws Exception {
    Database db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    try {
      LocalDate day = LocalDate.of(2026, 11, 27);
      LocalDate next = day.plusDays(1);
      Visitors one = new VisitorSecrets(db).forDays(List.of(day, next)).await(10, TimeUnit.SECONDS);
      Visitors other = new VisitorSecrets(db).forDays(List.of(day, next)).await(10, TimeUnit.SECONDS);
      assertEquals(one.id(day, "198.51.100.7", CHROME), other.id(day, "198.51.100.7", CHROME), "replicas agree");
      assertNotEquals(one.id(day, "198.51.100.7", CHROME), one.id(next, "198.51.100.7", CHROME), "next day");
      assertNotEquals(one.id(day, "198.51.100.7", CHROME), one.id(day, "198.51.100.7", IPHONE), "other agent");
      STACK.sql("DELETE FROM visitor_secrets");
    } finally {
      db.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void noAddressIsStored() {
    long user = createUser("fay").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/f");
    assertEquals(302, api.get("/" + url.getString("short_code"), "User-Agent", CHROME).status());
    awaitWritten();
    assertEquals(0, STACK.count("SELECT count(*) FROM clicks WHERE row_to_json(clicks)::text LIKE '%127.0.0.1%'"));
  }
  @Test
  void linkRulesAndTheClickWriterShareOneUserAgentCache() {
    long user = createUser("gus").getLong("id");
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/g").put("rules", new JsonArray().add(new JsonObject()
            .put("target", "https://m.example.com/")
            .put("conditions", new JsonArray().add(new JsonObject().put("type", "device").put("value", "mobile")))))
        .encode());
    assertEquals(201, created.status(), created.toString());
    // an agent no test has sent before: its first parse is a miss wherever it happens
    String agent = IPHONE + " Shared/" + java.util.UUID.randomUUID();
    double misses = userAgentCacheGets("miss");
    double hits = userAgentCacheGets("hit");
    HttpResult redirect = api.get("/" + created.json().getString("short_code"), "User-Agent", agent);
    assertEquals("https://m.example.com/", redirect.header("Location"), "the rule parsed the agent");
    awaitWritten();
    assertEquals(1, STACK.count("SELECT count(*) FROM clicks WHERE device = 'mobile' AND user_agent = '" + agent + "'"));
    assertEquals(1, userAgentCacheGets("miss") - misses, "parsed once: by the rule, not again by the writer");
    assertTrue(userAgentCacheGets("hit") - hits >= 1, "the writer found the rule's parse in the one cache");
  }

  /** cache_gets_total of the user-agent cache, by result (label order as the registry prints it). */
  private double userAgentCacheGets(String result) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^cache_gets_total\\{(?=[^}]*cache=\"user_agents\")(?=[^}]*result=\"" + result + "\")[^}]*} (\\S+)$")
        .matcher(api.get("/metrics").body());
    assertTrue(m.find(), "the user-agent cache is monitored");
    return Double.parseDouble(m.group(1));
  }
}
