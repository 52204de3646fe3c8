package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.ServiceProcess;
import dev.shortener.testing.TestStack;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real process: SIGTERM runs the graceful shutdown (clicks flushed) and the JVM exits by itself. */
class SigtermTest extends ApiTest {

  @Test
  void sigtermFlushesClicksAndExits() throws Exception {
    try (ServiceProcess process = ServiceProcess.start(Map.of("SHORTENER_SHUTDOWN_READINESS_DELAY_MS", "200",
        "CLICK_JOURNAL_DIR", TestStack.journalDir()))) {
      Api api = process.api();
      long user = createUser("ann").getLong("id");
      String code = createUrl(user, "https://example.com/sigterm").getString("short_code");
      for (int i = 0; i < 50; i++) {
        assertEquals(302, api.get("/" + code).status());
      }
      assertEquals(143, process.terminate(), "the JVM exits after the drain, 128 + SIGTERM");
      assertEquals(50, STACK.count("SELECT count(*) FROM event_log WHERE event_type = 'redirect'"));
      String output = process.output();
      assertTrue(output.contains("graceful shutdown complete"), output);
    }
  }
}
