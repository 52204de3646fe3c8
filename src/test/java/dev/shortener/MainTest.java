package dev.shortener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shortener.config.ConfigException;
import dev.shortener.testing.Api;
import dev.shortener.testing.HttpResult;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two ways to start: production (needs DATABASE_URL) and dev (embedded databases under a data dir). */
class MainTest {

  @Test
  void rejectsUnknownArguments() {
    assertEquals(Main.USAGE, assertThrows(ConfigException.class,
        () -> Main.start(new String[] {"prod"}, Map.of())).getMessage());
    assertThrows(ConfigException.class, () -> Main.start(new String[] {"dev", "extra"}, Map.of()));
  }

  @Test
  void productionStartWithoutDatabaseUrlFailsWithOneLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> Main.start(new String[0], Map.of()));
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void devModeKeepsItsDataAcrossRestarts(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of(
        "SHORTENER_DEV_DATA_DIR", dir.toString(),
        "SHORTENER_DEV_POSTGRES_PORT", Integer.toString(freePort()),
        "SHORTENER_DEV_REDIS_PORT", Integer.toString(freePort()),
        "HTTP_PORT", Integer.toString(freePort()),
        "SHORTENER_SHUTDOWN_READINESS_DELAY_MS", "0");
    Api api = new Api("http://127.0.0.1:" + env.get("HTTP_PORT"));

    Main.Running first = Main.start(new String[] {"dev"}, env);
    try {
      assertEquals(200, api.get("/health/ready").status());
      HttpResult created = api.post("/users", "{\"username\":\"dev\",\"email\":\"dev@example.com\"}");
      assertEquals(201, created.status(), created.toString());
    } finally {
      first.shutdown();
    }
    assertEquals(true, Files.isDirectory(dir.resolve("postgres")));

    Main.Running second = Main.start(new String[] {"dev"}, env);
    try {
      HttpResult users = api.get("/users");
      assertEquals(1, users.array().size(), users.toString());
      assertEquals("dev", users.array().getJsonObject(0).getString("username"));
    } finally {
      second.shutdown();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
