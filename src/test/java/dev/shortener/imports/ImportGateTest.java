package dev.shortener.imports;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One import at a time per replica: the others are 429 with Retry-After before their body is read. */
class ImportGateTest extends ApiTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private HttpResult upload(String path, String csv) {
    return api.upload(path, "file", "f.csv", csv.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSecondImportWhileOneRunsIs429WithRetryAfterAndChangesNothing() throws Exception {
    CompletableFuture<HttpResult> first;
    try (Connection lock = STACK.connect()) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        // the first import streams its file, then waits at its INSERT INTO users for this lock
        st.execute("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE");
      }
      first = CompletableFuture.supplyAsync(() -> upload("/users/bulk", MigrationImportTest.USERS));
      Waits.until(WAIT, "the first import waiting for the lock", () -> STACK.count(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO users%'") == 1);
      // three more at once, of every kind (several HTTP verticles: the gate is the replica's)
      List<CompletableFuture<HttpResult>> others = List.of(
          CompletableFuture.supplyAsync(() -> upload("/users/bulk", "username,email\nzed,zed@example.com\n")),
          CompletableFuture.supplyAsync(() -> upload("/urls/bulk", MigrationImportTest.URLS)),
          CompletableFuture.supplyAsync(() -> upload("/v1/events/bulk", MigrationImportTest.EVENTS)));
      for (CompletableFuture<HttpResult> other : others) {
        HttpResult refused = other.get();
        assertError(429, "An import is already running on this replica; retry later", refused);
        assertEquals("5", refused.header("Retry-After"), refused.toString());
      }
      lock.rollback();
    }
    assertEquals(MigrationImportTest.result(2, 2), first.get().json());
    assertEquals(2, STACK.count("SELECT count(*) FROM users"), "the refused users file wrote nothing");
    assertEquals(0, STACK.count("SELECT count(*) FROM urls") + STACK.count("SELECT count(*) FROM events"));
    assertFalse(STACK.app().services().imports().busy());
    // the gate is open again: the refused files go in now
    assertStatus(201, upload("/urls/bulk", MigrationImportTest.URLS));
    assertEquals(2, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void aRefusedOrFailedUploadReleasesTheGate() {
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    Arrays.fill(big, (byte) 'a');
    assertError(413, "Request body too large", api.upload("/users/bulk", "file", "big.csv", big));
    assertStatus(400, upload("/users/bulk", "username,email\nbad name,x\n"));
    // not multipart: refused before the body handler, which would buffer such a body in memory
    assertError(400, "No file provided", api.send("POST", "/users/bulk", big, "Content-Type", "text/csv"));
    assertFalse(STACK.app().services().imports().busy());
    assertEquals(MigrationImportTest.result(2, 2), upload("/users/bulk", MigrationImportTest.USERS).json());
  }
}
