package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Load;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Stopping a replica under load: readiness turns 503 first, a response being streamed when the stop
 * begins is completed, every answered redirect was a 302, and every one of those clicks is written.
 */
class GracefulShutdownTest extends ApiTest {
  private static final int STREAMED_ROWS = 100_000;

  @Test
  void drainsInFlightRequestsAndFlushesClicks() throws Exception {
    // a budget the stream fits in on a loaded machine (it took over the default 10 s with two busy
    // loops beside the test); what is proven is that the stop waits for it, not how fast it streams
    TestStack.Replica replica = STACK.startReplica(Map.of("SHORTENER_SHUTDOWN_READINESS_DELAY_MS", "700",
        "SHORTENER_SHUTDOWN_TIMEOUT_MS", "60000"));
    Api api = replica.api();
    long user = createUser("ann").getLong("id");
    String code = createUrl(user, "https://example.com/drain").getString("short_code");
    long urlId = api.get("/urls?user_id=" + user).array().getJsonObject(0).getLong("id");
    STACK.sql("INSERT INTO events (event_type, details) SELECT 'bulk', '{}'::jsonb FROM generate_series(1, "
        + STREAMED_ROWS + ")");

    Load load = Load.start(4, i -> api.get("/" + code));
    load.runFor(Duration.ofMillis(500));
    HttpResponse<InputStream> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/events?event_type=bulk")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode()); // headers are in, the body is still coming

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(replica::close);
    Waits.until(Duration.ofSeconds(2), "readiness to turn 503", () -> api.get("/health/ready").status() == 503);

    String body;
    try (InputStream in = stream.body()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(STREAMED_ROWS, new JsonArray(body).size());

    stopped.get();
    load.stop();
    assertEquals(load.total(), load.count(302), load.toString());
    assertTrue(load.count(302) > 50, load.toString());
    long written = STACK.count("SELECT count(*) FROM event_log WHERE event_type = 'redirect' AND url_id = " + urlId);
    assertEquals(load.count(302), written, "clicks answered vs clicks written");
  }
}
