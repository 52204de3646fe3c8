package dev.shortener.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.config.Cidr;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client address over real connections: the peer's text is kept per connection, never mixed up. */
class ClientAddressTest {
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int serve(ClientAddress clients) throws Exception {
    server = vertx.createHttpServer().requestHandler(request -> request.response().end(clients.of(request)));
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  /**
   * {@code connections} clients one after another, each keeping one connection alive for its
   * {@code requestsEach} requests (the JDK's client, HTTP/1.1, one pool per client).
   */
  private List<String> ask(int port, int connections, int requestsEach, String forwardedFor) throws Exception {
    List<String> answers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();
      for (int r = 0; r < requestsEach; r++) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + "/")).timeout(java.time.Duration.ofSeconds(30));
        if (forwardedFor != null) {
          request.header("X-Forwarded-For", forwardedFor);
        }
        answers.add(client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      }
    }
    return answers;
  }

  @Test
  void everyRequestOfEveryConnectionGetsItsPeer() throws Exception {
    int port = serve(new ClientAddress(List.of()));
    List<String> answers = ask(port, 10, 3, "203.0.113.9"); // an untrusted peer's header is ignored
    assertEquals(30, answers.size());
    answers.forEach(a -> assertEquals("127.0.0.1", a));
  }

  @Test
  void behindATrustedProxyTheForwardedClientCountsOnEveryRequest() throws Exception {
    int port = serve(new ClientAddress(List.of(Cidr.parse("127.0.0.1/32"))));
    ask(port, 3, 3, "198.51.100.7, 127.0.0.1").forEach(a -> assertEquals("198.51.100.7", a));
    ask(port, 3, 3, null).forEach(a -> assertEquals("127.0.0.1", a));
  }
}
