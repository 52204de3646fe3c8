package dev.shortener.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The N+1 guard: a list endpoint runs the same number of SQL statements whether the table holds 10
 * rows or 1,000. Counted by PostgreSQL itself (pg_stat_statements), so nothing in the service can
 * hide a statement from it.
 */
class StatementCountTest extends ApiTest {
  private static final List<String> LISTS = List.of(
      "/users", "/users?per_page=1000", "/urls", "/urls?user_id=1", "/urls?is_active=true&page=1&per_page=1000",
      "/events", "/events?url_id=1", "/events?event_type=created&cursor=0&per_page=1000", "/v1/urls");

  @Test
  void listStatementsDoNotGrowWithRows() {
    seed(10);
    long small = statementsFor(LISTS);
    seed(1000);
    long large = statementsFor(LISTS);
    assertEquals(small, large, "statements for 10 rows vs 1,000 rows");
    assertEquals(LISTS.size(), small, "one statement per list request");
  }

  private void seed(int rows) {
    STACK.reset();
    STACK.sql("INSERT INTO users (username, email) SELECT 'u' || i, 'u' || i || '@example.com' "
        + "FROM generate_series(1, " + rows + ") i");
    STACK.sql("INSERT INTO urls (user_id, short_code, original_url, title) "
        + "SELECT 1, 'code' || i, 'https://example.com/' || i, 't' FROM generate_series(1, " + rows + ") i");
    STACK.sql("INSERT INTO events (url_id, user_id, event_type, details) "
        + "SELECT 1, 1, 'created', '{}'::jsonb FROM generate_series(1, " + rows + ") i");
  }

  private long statementsFor(List<String> paths) {
    STACK.sql("SELECT pg_stat_statements_reset()");
    for (String path : paths) {
      HttpResult result = api.get(path);
      assertEquals(200, result.status(), path + " " + result);
    }
    return STACK.count("""
        SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
        WHERE query ~* '\\m(users|urls|events|event_log)\\M' AND query NOT ILIKE '%pg_stat_statements%'
          AND query NOT ILIKE '%click_backfill%'"""); // the background backfill of part-1 redirect events (V67) reads events
  }
}
