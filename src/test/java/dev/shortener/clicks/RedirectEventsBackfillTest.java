package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.analytics.GeoIp;
import dev.shortener.analytics.UserAgents;
import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigLoader;
import dev.shortener.config.DatabaseUrl;
import dev.shortener.db.Database;
import dev.shortener.testing.Api;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database of part 1 (schema V10) with redirect events, migrated to the latest schema by two
 * replicas starting together: the events end up in the click log and the rollups, each counted
 * once, and the stats API shows them.
 */
class RedirectEventsBackfillTest {
  private static final TestStack STACK = TestStack.get();
  private static final String DB = "backfill_v10";
  private static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
  private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
      + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  private static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  private static final int BULK = 5000;

  @Test
  void partOnesRedirectEventsShowInStatsAfterTheMigration() throws Exception {
    DatabaseUrl main = STACK.backend().databaseUrl();
    DatabaseUrl old = new DatabaseUrl(main.host(), main.port(), DB, main.user(), main.password());
    STACK.sql("DROP DATABASE IF EXISTS " + DB);
    STACK.sql("CREATE DATABASE " + DB);
    Flyway.configure().dataSource(old.jdbcUrl(), old.user(), old.password()).locations("classpath:db/migration")
        .target("10").load().migrate();
    String now = "(now() AT TIME ZONE 'utc')";
    sql(old, """
        INSERT INTO users (id, username, email) VALUES (1, 'old', 'old@example.com');
        INSERT INTO urls (id, user_id, short_code, original_url) VALUES
          (1, 1, 'legacy1', 'https://example.com/1'), (2, 1, 'legacy2', 'https://example.com/2');
        INSERT INTO events (url_id, user_id, event_type, timestamp, details) VALUES
          (1, 1, 'created', %1$s - interval '5 days', '{"short_code":"legacy1","original_url":"https://example.com/1"}'),
          (1, 1, 'redirect', %1$s - interval '2 days', jsonb_build_object('short_code', 'legacy1',
             'referrer', 'https://news.ycombinator.com/item?id=1', 'user_agent', '%2$s')),
          (1, 1, 'redirect', %1$s - interval '47 hours', jsonb_build_object('short_code', 'legacy1',
             'referrer', NULL, 'user_agent', '%3$s')),
          (1, 1, 'redirect', %1$s - interval '3 days', jsonb_build_object('short_code', 'legacy1',
             'referrer', NULL, 'user_agent', '%4$s')),
          (1, 1, 'redirect', %1$s - interval '3 days', '{"short_code":"legacy1","referrer":null,"user_agent":null}'),
          (1, 1, 'redirect', %1$s - interval '400 days', jsonb_build_object('short_code', 'legacy1',
             'referrer', NULL, 'user_agent', '%2$s')),
          (NULL, NULL, 'redirect', %1$s - interval '2 days', '{"short_code":"gone99","referrer":null,"user_agent":null}');
        INSERT INTO events (url_id, user_id, event_type, timestamp, details)
        SELECT 2, 1, 'redirect', %1$s - (i %% 20) * interval '1 day' - i * interval '1 second',
               jsonb_build_object('short_code', 'legacy2', 'referrer', 'https://t.co/x', 'user_agent',
                                  CASE WHEN i %% 2 = 0 THEN '%2$s' ELSE '%5$s' END)
        FROM generate_series(1, %6$d) AS i;
        """.formatted(now, CHROME, IPHONE, GOOGLEBOT, FIREFOX, BULK));
    long chromeEvent = count(old, "SELECT id FROM events WHERE url_id = 1 AND details ->> 'referrer' IS NOT NULL");

    // two replicas start together: both migrate (once) and both backfill, sharing the work
    Map<String, String> env = Map.of("DATABASE_URL",
        "postgresql://postgres:postgres@127.0.0.1:" + old.port() + "/" + DB);
    List<CompletableFuture<TestStack.Replica>> starting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return STACK.startReplica(env);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    TestStack.Replica first = starting.get(0).get(120, TimeUnit.SECONDS);
    TestStack.Replica second = starting.get(1).get(120, TimeUnit.SECONDS);
    try {
      Waits.until(Duration.ofSeconds(60), "the backfill list to empty",
          () -> count(old, "SELECT count(*) FROM click_backfill") == 0);
      assertEquals(5 + BULK, count(old, "SELECT count(*) FROM clicks"), "every listed event moved, once");
      assertEquals(1, count(old, "SELECT count(*) FROM events WHERE event_type = 'redirect'"),
          "only the event of a gone link stays in events");
      assertEquals(5 + BULK, count(old, "SELECT sum(clicks) FROM click_hourly"), "the rollups count each click once");

      Api api = second.api();
      JsonObject stats = api.get("/urls/1/stats").json();
      assertEquals(new JsonObject().put("clicks", 4).put("humans", 2).put("bots", 2).put("unique_visitors", 0),
          stats.getJsonObject("totals"), "the last 30 days; no visitor ids without client addresses");
      JsonObject top = stats.getJsonObject("top");
      assertEquals(new JsonArray().add(count("(direct)", 1)).add(count("news.ycombinator.com", 1)),
          top.getJsonArray("referrers"));
      assertEquals(new JsonArray().add(count("Chrome", 1)).add(count("Mobile Safari", 1)), top.getJsonArray("browsers"));
      assertEquals(new JsonArray().add(count("desktop", 1)).add(count("mobile", 1)), top.getJsonArray("devices"));
      assertEquals(new JsonArray().add(count("(unknown)", 2)), top.getJsonArray("countries"));
      String longAgo = LocalDate.now(ZoneOffset.UTC).minusDays(401).toString();
      assertEquals(5, first.api().get("/urls/1/stats?interval=month&from=" + longAgo).json()
          .getJsonObject("totals").getLong("clicks"), "a click of 400 days ago too");
      JsonObject bulk = api.get("/urls/2/stats").json();
      assertEquals(BULK, bulk.getJsonObject("totals").getLong("humans"));
      assertEquals(new JsonArray().add(count("Chrome", BULK / 2)).add(count("Firefox", BULK / 2)),
          bulk.getJsonObject("top").getJsonArray("browsers"));
      assertEquals(BULK + 5, api.get("/users/1/stats?interval=month&from=" + longAgo).json()
          .getJsonObject("totals").getLong("clicks"));

      // the event keeps its id and part 1's fields, and gains the enrichment's
      JsonObject event = api.get("/events/" + chromeEvent).json();
      assertEquals("redirect", event.getString("event_type"));
      assertEquals(1, event.getLong("url_id"));
      assertEquals(1, event.getLong("user_id"));
      JsonObject details = event.getJsonObject("details");
      assertEquals("legacy1", details.getString("short_code"));
      assertEquals("https://news.ycombinator.com/item?id=1", details.getString("referrer"));
      assertEquals(CHROME, details.getString("user_agent"));
      assertEquals("news.ycombinator.com", details.getString("referrer_host"));
      assertEquals("Chrome", details.getString("browser"));
      assertEquals(false, details.getBoolean("bot"));
      assertTrue(details.containsKey("visitor"));
      assertNull(details.getValue("visitor"));
      assertNull(details.getValue("country"));
      assertEquals(6, api.get("/events?url_id=1").array().size(), "the created event and five clicks");
      assertEquals(7 + BULK, api.get("/events").array().size(), "nothing lost, nothing listed twice");

      // the long-past clicks share one partition, dropped whole once its end is past the retention
      String legacy = "clicks_b" + LocalDate.now(ZoneOffset.UTC).minusDays(1).toString().replace("-", "");
      assertEquals(1, count(old, "SELECT count(*) FROM pg_class WHERE relname = '" + legacy + "'"));
      Vertx vertx = Vertx.vertx();
      AppConfig config = ConfigLoader.load(STACK.env(env));
      Database db = Database.create(vertx, config.database());
      Database other = Database.create(vertx, config.database());
      try {
        // two runs at once, as on two replicas: each listed event is taken by one of them
        sql(old, """
            INSERT INTO events (url_id, user_id, event_type, timestamp, details)
            SELECT 2, 1, 'redirect', %s - i * interval '1 second',
                   jsonb_build_object('short_code', 'legacy2', 'referrer', NULL, 'user_agent', 'agent ' || (i %% 300))
            FROM generate_series(1, 3000) AS i;
            INSERT INTO click_backfill (id) SELECT id FROM events WHERE event_type = 'redirect' AND url_id IS NOT NULL;
            """.formatted(now));
        ClickEnrichment enrichment = new ClickEnrichment(UserAgents.create(1000), GeoIp.open(null));
        var runs = io.vertx.core.Future.all(new ClickBackfill(vertx, new ClickStore(db, null), enrichment).run(),
            new ClickBackfill(vertx, new ClickStore(other, null), enrichment).run()).await(60, TimeUnit.SECONDS);
        assertEquals(3000L, (long) runs.<Long>resultAt(0) + runs.<Long>resultAt(1));
        assertEquals(5 + BULK + 3000, count(old, "SELECT count(*) FROM clicks"));
        assertEquals(5 + BULK + 3000, count(old, "SELECT sum(clicks) FROM click_hourly"));

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertTrue(!ClickMaintenance.run(db, 30, today).await(30, TimeUnit.SECONDS).contains(legacy),
            "holds clicks of yesterday: kept");
        assertTrue(ClickMaintenance.run(db, 1, today.plusDays(1)).await(30, TimeUnit.SECONDS).contains(legacy));
      } finally {
        db.close().await(10, TimeUnit.SECONDS);
        other.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    } finally {
      first.close();
      second.close();
      STACK.sql("DROP DATABASE " + DB);
    }
  }

  private static JsonObject count(String value, long clicks) {
    return new JsonObject().put("value", value).put("clicks", clicks);
  }

  private static void sql(DatabaseUrl url, String statements) throws SQLException {
    try (Connection conn = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        Statement st = conn.createStatement()) {
      st.execute(statements);
    }
  }

  private static long count(DatabaseUrl url, String query) {
    try (Connection conn = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        Statement st = conn.createStatement(); var rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
