package dev.shortener.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.Application;
import dev.shortener.testing.Api;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Load;
import dev.shortener.testing.PostgresReplication;
import dev.shortener.testing.RedisCommands;
import dev.shortener.testing.Scrape;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service on a real primary and a streaming replica made by {@code pg_basebackup -R}, with replay
 * paused to make the replica lag: misses and list pages come from the replica, a replica's miss is asked
 * of the primary (a new link never 404s), reads of one's own writes come from the primary, a replica
 * behind the bound serves nothing, and a replica that dies costs no 5xx. Stats and CSV exports read
 * the replica too: with replay paused they show the replica's older clicks while it is within the
 * bound, and the primary's once it is not, or once it is down.
 */
class ReadReplicaTest {
  private static final TestStack STACK = TestStack.get(); // its Redis
  private static PostgresReplication pg;
  private Application app;
  private Api api;

  @BeforeAll
  static void startPrimaryAndReplica() throws Exception {
    String reason = PostgresReplication.unavailableReason();
    if (reason != null) {
      System.out.println("SKIPPED ReadReplicaTest: " + reason);
    }
    Assumptions.assumeTrue(reason == null, reason);
    pg = PostgresReplication.start();
  }

  @AfterAll
  static void stopThem() {
    if (pg != null) {
      pg.close();
    }
  }

  @AfterEach
  void stopService() {
    if (app != null) {
      app.stop();
    }
    pg.resumeReplay();
  }

  @Test
  void missesAndListsComeFromTheReplicaAndItsMissIsAskedOfThePrimary() throws Exception {
    start(Map.of("SHORTENER_DATABASE_REPLICA_MAX_LAG_MS", "3600000")); // never too far behind: shows where reads go
    long user = user("rita");
    JsonObject old = createUrl(user, "https://old.example/");
    String code = old.getString("short_code");
    awaitOnReplica("SELECT count(*) FROM urls WHERE short_code = '" + code + "'");

    pg.pauseReplay();
    // changed behind the service's back (no invalidation): only the primary has the new target
    pg.sqlOnPrimary("UPDATE urls SET original_url = 'https://new.example/' WHERE short_code = '" + code + "'");
    dropCaches();
    HttpResult redirect = api.get("/" + code);
    assertEquals(302, redirect.status());
    assertEquals("https://old.example/", redirect.header("Location"), "a cache miss is read from the replica");

    JsonObject fresh = createUrl(user, "https://fresh.example/");
    String freshCode = fresh.getString("short_code");
    assertEquals(0, pg.countOnReplica("SELECT count(*) FROM urls WHERE short_code = '" + freshCode + "'"));
    assertEquals(302, api.get("/" + freshCode).status(), "created and redirected at once: the primary answers");
    assertEquals(200, api.get("/urls/" + fresh.getLong("id")).status(), "one's own write, read on the primary");

    JsonArray page = api.get("/urls?user_id=" + user + "&per_page=10").array();
    assertEquals(1, page.size(), "a page comes from the lagging replica: " + page);
    assertEquals(2, api.get("/urls?user_id=" + user).array().size(), "a streamed list comes from the primary");
    Waits.until(Duration.ofSeconds(10), "the lag to show in the metric", () -> lagSeconds() > 0);

    pg.resumeReplay();
    Waits.until(Duration.ofSeconds(20), "the replica to catch up",
        () -> api.get("/urls?user_id=" + user + "&per_page=10").array().size() == 2);
    Waits.until(Duration.ofSeconds(10), "the lag to be gone", () -> lagSeconds() == 0);
  }

  @Test
  void statsAndExportsComeFromTheReplicaWithinTheBound() throws Exception {
    start(Map.of("SHORTENER_DATABASE_REPLICA_MAX_LAG_MS", "3600000"));
    long user = user("sam");
    JsonObject link = createUrl(user, "https://stats.example/");
    long id = link.getLong("id");
    click(link, 2);
    awaitOnReplica("SELECT count(*) FROM (SELECT 1 FROM click_hourly WHERE url_id = " + id + " HAVING sum(clicks) = 2) s");

    pg.pauseReplay();
    click(link, 3);
    assertAnswers(id, user, 2, "the replica's clicks (the primary has 5)");
    JsonObject fresh = createUrl(user, "https://fresh.example/");
    assertEquals(0, pg.countOnReplica("SELECT count(*) FROM urls WHERE id = " + fresh.getLong("id")));
    assertEquals(200, api.get("/urls/" + fresh.getLong("id") + "/stats").status(), "a new link's stats: not a 404");
    HttpResult freshClicks = api.get("/urls/" + fresh.getLong("id") + "/clicks.csv");
    assertEquals(200, freshClicks.status(), "a new link's clicks export: not a 404");
    assertEquals(1, freshClicks.body().lines().count(), "read on the replica, which has no click of it");

    pg.resumeReplay();
    Waits.until(Duration.ofSeconds(20), "the replica to catch up", () -> totalClicks(id) == 5);
    assertAnswers(id, user, 5, "the replica caught up");
  }

  @Test
  void aReplicaFurtherBehindThanTheBoundServesNothing() throws Exception {
    start(Map.of());
    long user = user("bob");
    String code = createUrl(user, "https://one.example/").getString("short_code");
    awaitOnReplica("SELECT count(*) FROM urls WHERE short_code = '" + code + "'");
    Waits.until(Duration.ofSeconds(10), "the replica to be usable", () -> usable() == 1);

    pg.pauseReplay();
    pg.sqlOnPrimary("UPDATE urls SET original_url = 'https://two.example/' WHERE short_code = '" + code + "'");
    Waits.until(Duration.ofSeconds(15), "the replica to be set aside for its lag", () -> usable() == 0);
    dropCaches();
    assertEquals("https://two.example/", api.get("/" + code).header("Location"), "the primary answered");
    createUrl(user, "https://three.example/");
    assertEquals(2, api.get("/urls?user_id=" + user).array().size(), "the list came from the primary");
    long other = user("bea");
    JsonObject link = createUrl(other, "https://four.example/");
    click(link, 2);
    assertAnswers(link.getLong("id"), other, 2, "the primary's clicks, not on the paused replica");

    pg.resumeReplay();
    Waits.until(Duration.ofSeconds(15), "the replica to serve again", () -> usable() == 1);
  }

  @Test
  void aReplicaThatDiesUnderLoadCostsNo5xx() throws Exception {
    start(Map.of());
    long user = user("dan");
    IntStream.range(0, 5).forEach(i -> createUrl(user, "https://example.com/" + i));
    Waits.until(Duration.ofSeconds(10), "the replica to be usable", () -> usable() == 1);

    // unknown codes miss Redis every time, so every one is a replica read confirmed on the primary
    try (Load load = Load.start(6, i -> switch (i % 5) {
      case 0 -> api.get("/urls?user_id=" + user);
      case 1 -> api.get("/urls?user_id=" + user + "&per_page=2&page=2");
      case 2 -> api.get("/users/" + user + "/stats");
      case 3 -> api.get("/urls/1/stats?interval=hour");
      default -> api.get("/nx" + Thread.currentThread().getId() + "x" + i);
    })) {
      Waits.until(Duration.ofSeconds(10), "load to run", () -> load.total() > 100);
      pg.stopReplica();
      long atStop = load.total();
      Waits.until(Duration.ofSeconds(20), "load on the primary alone", () -> load.total() > atStop + 300);
      assertEquals(0, usable());
      JsonObject link = api.get("/urls?user_id=" + user).array().getJsonObject(0);
      click(link, 1);
      assertAnswers(link.getLong("id"), user, 1, "the primary's clicks while the replica is down");
      pg.startReplica();
      Waits.until(Duration.ofSeconds(20), "the replica to serve again", () -> usable() == 1);
      long atRestart = load.total();
      Waits.until(Duration.ofSeconds(20), "load with the replica back", () -> load.total() > atRestart + 100);
      load.stop();
      assertEquals(0, load.serverErrors(), load.toString());
      assertEquals(0, load.transportErrors(), load.toString());
      assertEquals(load.total(), load.count(200) + load.count(404), load.toString());
    }
  }

  private void start(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.put("DATABASE_URL", pg.primaryUrl());
    env.put("DATABASE_REPLICA_URLS", pg.replicaUrl());
    app = Application.start(STACK.config(env));
    api = new Api("http://127.0.0.1:" + app.services().config().http().port());
    pg.sqlOnPrimary(TestStack.EMPTY_TABLES);
    dropCaches();
  }

  private void dropCaches() {
    RedisCommands.flushAll(STACK.backend().redisUrl());
    app.services().nearCache().clear();
  }

  private JsonObject create(String path, JsonObject body) {
    HttpResult created = api.post(path, body.encode());
    assertEquals(201, created.status(), created.toString());
    return created.json();
  }

  private long user(String name) {
    return create("/users", new JsonObject().put("username", name).put("email", name + "@example.com")).getLong("id");
  }

  private JsonObject createUrl(long user, String target) {
    return create("/urls", new JsonObject().put("user_id", user).put("original_url", target).put("title", "t"));
  }

  /** {@code n} redirects of {@code link}, then waits for the click writer to record them on the primary. */
  private void click(JsonObject link, int n) {
    String code = link.getString("short_code");
    String written = "SELECT COALESCE(sum(clicks), 0) FROM click_hourly WHERE url_id = " + link.getLong("id");
    long before = pg.countOnPrimary(written);
    for (int i = 0; i < n; i++) {
      assertEquals(302, api.get("/" + code).status());
    }
    Waits.until(Duration.ofSeconds(20), "the clicks to be written", () -> pg.countOnPrimary(written) == before + n);
  }

  /** The link's and its user's stats, its clicks export and the links export all count {@code clicks}. */
  private void assertAnswers(long id, long user, long clicks, String why) {
    assertEquals(clicks, totalClicks(id), "link stats: " + why);
    JsonObject userStats = api.get("/users/" + user + "/stats").json();
    assertEquals(clicks, userStats.getJsonObject("totals").getLong("clicks"), "user stats: " + why);
    assertEquals(clicks, userStats.getJsonArray("links").getJsonObject(0).getLong("clicks"), "top links: " + why);
    HttpResult export = api.get("/urls/" + id + "/clicks.csv");
    assertEquals(200, export.status(), export.toString());
    assertEquals(clicks + 1, export.body().lines().count(), "clicks export: " + why + "\n" + export.body());
    HttpResult links = api.get("/urls/export.csv?user_id=" + user);
    assertTrue(links.body().lines().anyMatch(line -> line.startsWith(id + ",") && line.endsWith("," + clicks)),
        "links export: " + why + "\n" + links.body());
  }

  private long totalClicks(long id) {
    HttpResult stats = api.get("/urls/" + id + "/stats");
    assertEquals(200, stats.status(), stats.toString());
    return stats.json().getJsonObject("totals").getLong("clicks");
  }

  private static void awaitOnReplica(String countQuery) {
    Waits.until(Duration.ofSeconds(20), "the replica to replay " + countQuery, () -> pg.countOnReplica(countQuery) == 1);
  }

  private double lagSeconds() {
    return Scrape.value(api, "shortener_database_replica_lag_seconds{replica=\"127.0.0.1:" + pg.replicaPort() + "\"}");
  }

  private double usable() {
    return Scrape.value(api, "shortener_database_replica_usable{replica=\"127.0.0.1:" + pg.replicaPort() + "\"}");
  }
}
