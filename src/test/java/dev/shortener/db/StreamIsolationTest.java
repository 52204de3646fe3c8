package dev.shortener.db;

import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Unpaged lists stream from a server-side cursor on their own connections, under their own budget:
 * clients that stop reading hold none of the connections redirects and writes use, and a stream
 * ends at the stream timeout.
 */
class StreamIsolationTest extends ApiTest {

  @Test
  void stalledStreamsHoldNoConnectionOfRedirectsOrWritesAndEndAtTheStreamTimeout() throws Exception {
    long owner = createUser("streamer").getLong("id");
    // about 25 MB of JSON: an unread response fills the socket buffers and the cursor pauses
    STACK.sql("INSERT INTO urls (user_id, short_code, original_url, title) SELECT " + owner
        + ", 'st' || g, 'https://example.com/' || g || '/' || repeat('x', 200), '' FROM generate_series(1, 100000) g");
    try (var replica = STACK.startReplica(Map.of("SHORTENER_HTTP_INSTANCES", "1",
        "SHORTENER_DATABASE_POOL_SIZE", "1", "SHORTENER_DATABASE_PIPELINED_SIZE", "1",
        "SHORTENER_DATABASE_STREAM_POOL_SIZE", "2", "SHORTENER_DATABASE_STREAM_TIMEOUT_MS", "20000"))) {
      Api api = replica.api();
      List<Socket> stalled = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Socket socket = new Socket("127.0.0.1", replica.port());
        socket.setReceiveBufferSize(4096);
        socket.getOutputStream().write("GET /urls HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        stalled.add(socket);
      }
      Thread.sleep(500); // both streams started, paused on a full socket
      // the one transaction connection and the pipelined one are free: redirects and writes answer
      assertStatus(302, api.get("/st17"));
      assertStatus(200, api.put("/urls/17", new JsonObject().put("title", "moved on").encode()));
      assertStatus(204, api.delete("/urls/18"));
      assertStatus(201, api.post("/urls", new JsonObject().put("user_id", owner)
          .put("original_url", "https://example.com/new").encode()));
      assertEquals(3, api.get("/urls?per_page=3").array().size());
      assertEquals(2, heldStreams(), "both stalled streams still hold their stream connection");
      // past the stream budget the stalled streams hold no database connection any more, although
      // their clients are still connected and still not reading
      Waits.until(Duration.ofSeconds(90), "the stalled streams to end in PostgreSQL", () -> heldStreams() == 0);
      // and its connection is back: a stream that is read completes
      long other = createUser("reader").getLong("id");
      createUrl(other, "https://example.com/a");
      createUrl(other, "https://example.com/b");
      assertEquals(2, api.get("/urls?user_id=" + other).array().size());
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  private static long heldStreams() {
    return STACK.count("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
        + " AND query LIKE '%FROM urls%ORDER BY id'");
  }
}
