package dev.shortener.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.shortener.errors.Failure;
import dev.shortener.http.ErrorHandler;
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

  private static Failure api(Throwable failure) {
    return (Failure) SqlFailures.map(failure);
  }

  @Test
  void constraintsBecomeContractErrors() {
    assertEquals("Username already exists", api(pg("23505", "users_username_key")).getMessage());
    assertEquals("Email already exists", api(pg("23505", "users_email_key")).getMessage());
    assertEquals(409, ErrorHandler.status(api(pg("23505", "urls_short_code_key"))));
    assertEquals("User not found", api(pg("23503", "urls_user_id_fkey")).getMessage());
    assertEquals(400, ErrorHandler.status(api(pg("22001", null))));
  }

  @Test
  void unreachableDatabaseIs503() {
    assertEquals(503, ErrorHandler.status(api(pg("57P01", null))));
    assertEquals(503, ErrorHandler.status(api(pg("08006", null))));
    assertEquals(503, ErrorHandler.status(api(new ConnectException("refused"))));
    assertEquals(503, ErrorHandler.status(api(new VertxException("Connection is closed"))));
  }

  @Test
  void bugsStayBugs() {
    PgException syntax = pg("42601", null);
    assertSame(syntax, SqlFailures.map(syntax));
    NullPointerException npe = new NullPointerException();
    assertSame(npe, SqlFailures.map(npe));
    Failure notFound = Failure.notFound("x");
    assertSame(notFound, SqlFailures.map(notFound));
  }
}
