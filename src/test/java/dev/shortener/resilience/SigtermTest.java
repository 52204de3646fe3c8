package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Waits;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real process: SIGTERM runs the graceful shutdown (clicks flushed) and the JVM exits by itself. */
class SigtermTest extends ApiTest {

  @Test
  void sigtermFlushesClicksAndExits() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("shortener-sigterm", ".log");
    var url = STACK.backend().databaseUrl();
    ProcessBuilder builder = new ProcessBuilder(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "dev.shortener.Main")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("DATABASE_URL", "postgresql://" + url.user() + ":" + url.password() + "@"
        + url.host() + ":" + url.port() + "/" + url.database());
    builder.environment().put("REDIS_URL", STACK.backend().redisUrl());
    builder.environment().put("HTTP_PORT", Integer.toString(port));
    builder.environment().put("SHORTENER_SHUTDOWN_READINESS_DELAY_MS", "200");
    builder.environment().put("AUTH_MODE", "open"); // a production start defaults to keys mode
    Process process = builder.start();
    try {
      Api api = new Api("http://127.0.0.1:" + port);
      Waits.until(Duration.ofSeconds(30), "the process to serve", () -> {
        try {
          return api.get("/health/ready").status() == 200;
        } catch (RuntimeException notYet) {
          return false;
        }
      });
      long user = createUser("ann").getLong("id");
      String code = createUrl(user, "https://example.com/sigterm").getString("short_code");
      for (int i = 0; i < 50; i++) {
        assertEquals(302, api.get("/" + code).status());
      }
      process.destroy(); // SIGTERM
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the JVM exits after the drain");
      assertEquals(143, process.exitValue(), "128 + SIGTERM");
      assertEquals(50, STACK.count("SELECT count(*) FROM events WHERE event_type = 'redirect'"));
      String output = Files.readString(log);
      assertTrue(output.contains("graceful shutdown complete"), output);
    } finally {
      process.destroyForcibly();
      new File(log.toString()).delete();
    }
  }
}
