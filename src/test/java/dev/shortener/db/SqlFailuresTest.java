package dev.shortener.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.shortener.http.ApiException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {

  private static PgException pg(String state, String constraint) {
    // message, severity, code, detail, hint, position, internal position/query, where, file, line, routine,
    // schema, table, column, data type, constraint
    return new PgException("driver text that must not leak", "ERROR", state, "detail", null, null, null, null,
        null, null, null, null, null, null, null, null, constraint);
  }

  private static ApiException api(Throwable failure) {
    return (ApiException) SqlFailures.map(failure);
  }

  @Test
  void constraintsBecomeContractErrors() {
    assertEquals("Username already exists", api(pg("23505", "users_username_key")).getMessage());
    assertEquals("Email already exists", api(pg("23505", "users_email_key")).getMessage());
    assertEquals(409, api(pg("23505", "urls_short_code_key")).status());
    assertEquals("User not found", api(pg("23503", "urls_user_id_fkey")).getMessage());
    assertEquals(400, api(pg("22001", null)).status());
  }

  @Test
  void unreachableDatabaseIs503() {
    assertEquals(503, api(pg("57P01", null)).status());
    assertEquals(503, api(pg("08006", null)).status());
    assertEquals(503, api(new ConnectException("refused")).status());
    assertEquals(503, api(new VertxException("Connection is closed")).status());
  }

  @Test
  void bugsStayBugs() {
    PgException syntax = pg("42601", null);
    assertSame(syntax, SqlFailures.map(syntax));
    NullPointerException npe = new NullPointerException();
    assertSame(npe, SqlFailures.map(npe));
    ApiException notFound = ApiException.notFound("x");
    assertSame(notFound, SqlFailures.map(notFound));
  }
}
