package dev.shortener.resilience;

import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.RedisCommands;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A write that timed out for the client cannot commit later (PostgreSQL's own statement budget is
 * below the client's), and the redirect it touched is invalidated whatever the outcome.
 */
class StatementTimeoutTest extends ApiTest {

  @Test
  void aTimedOutUpdateIsCancelledByTheServerAndItsRedirectIsInvalidatedAnyway() throws Exception {
    JsonObject url = createUrl(createUser("slow").getLong("id"), "https://example.com/before");
    long id = url.getLong("id");
    String code = url.getString("short_code");
    try (var replica = STACK.startReplica(Map.of("SHORTENER_DATABASE_QUERY_TIMEOUT_MS", "1000"));
        Connection locker = STACK.connect()) {
      Api api = replica.api();
      assertStatus(302, api.get("/" + code)); // cached in Redis now
      assertTrue(RedisCommands.command(STACK.backend().redisUrl(), "GET", "sc:" + code).contains("example.com/before"));
      locker.setAutoCommit(false);
      try (Statement st = locker.createStatement()) {
        st.execute("SELECT * FROM urls WHERE id = " + id + " FOR UPDATE"); // the UPDATE will wait on this row
      }
      HttpResult put = api.put("/urls/" + id, new JsonObject().put("original_url", "https://example.com/after").encode());
      assertStatus(503, put);
      assertNotEquals(null, put.header("Retry-After"));
      // the client gave up, and so did the server: no UPDATE is left waiting to commit once the lock goes
      assertEquals(0, STACK.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
          + " AND query LIKE '%UPDATE urls SET%'"));
      // the failed PUT still replaced the cached redirect with a tombstone: had it committed, no
      // replica could serve the old target
      String entry = RedisCommands.command(STACK.backend().redisUrl(), "GET", "sc:" + code).strip(); // "$1\r\n~"
      assertEquals("~", entry.substring(entry.lastIndexOf('\n') + 1));
      locker.rollback();
    }
    assertEquals("https://example.com/before", api.get("/urls/" + id).json().getString("original_url"));
  }
}
