package dev.shortener.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.config.DatabaseUrl;
import dev.shortener.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** Two replicas booting together against an empty database migrate it once, and both start. */
class MigrationsTest {
  private static final TestStack STACK = TestStack.get();

  @Test
  void concurrentMigrationsAreSafe() throws Exception {
    STACK.sql("DROP DATABASE IF EXISTS migrate_race");
    STACK.sql("CREATE DATABASE migrate_race");
    DatabaseUrl main = STACK.backend().databaseUrl();
    DatabaseUrl fresh = new DatabaseUrl(main.host(), main.port(), "migrate_race", main.user(), main.password());
    CyclicBarrier together = new CyclicBarrier(3);
    List<CompletableFuture<Void>> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replicas.add(CompletableFuture.runAsync(() -> {
        try {
          together.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        Migrations.migrate(fresh);
      }));
    }
    CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new)).get();
    assertEquals(0, Migrations.migrate(fresh).migrationsExecuted, "nothing left to migrate");
    try (var conn = java.sql.DriverManager.getConnection(fresh.jdbcUrl(), fresh.user(), fresh.password());
        var rs = conn.createStatement().executeQuery(
            "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'")) {
      rs.next();
      assertEquals(1, rs.getInt(1), "the schema migration ran exactly once");
    }
    STACK.sql("DROP DATABASE migrate_race");
  }
}
