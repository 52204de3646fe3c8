package dev.shortener.observability;

import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Ports;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a management port, metrics are served there and nowhere on the public port. */
class ManagementPortTest extends ApiTest {

  @Test
  void metricsMoveToTheManagementPort() throws Exception {
    int management = Ports.free();
    try (var replica = STACK.startReplica(Map.of("SHORTENER_HTTP_MANAGEMENT_PORT", Integer.toString(management)))) {
      for (String path : new String[] {"/metrics", "/metrics/"}) {
        assertStatus(404, replica.api().get(path));
      }
      HttpResult scraped = new Api("http://127.0.0.1:" + management).get("/metrics");
      assertStatus(200, scraped);
      assertTrue(scraped.body().contains("shortener_click_queue_depth"), "Prometheus text format");
      assertStatus(200, replica.api().get("/health"));
    }
    assertStatus(200, api.get("/metrics")); // the default: metrics on the main port
  }
}
