package dev.shortener.webhooks;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * A real webhook receiver on 127.0.0.1: records every request and answers with the status its
 * policy picks (a negative status: never answer, a receiver that hangs). {@code delayMs} delays
 * each answer.
 */
final class Receiver implements AutoCloseable {
  record Request(MultiMap headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile ToIntFunction<Request> policy = r -> 200;
  private volatile long delayMs;

  Receiver() throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Request received = new Request(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body.toString(StandardCharsets.UTF_8));
      requests.add(received);
      int status = policy.applyAsInt(received);
      if (status < 0) {
        return;
      }
      Runnable answer = () -> request.response().setStatusCode(status).end("ok");
      if (delayMs > 0) {
        vertx.setTimer(delayMs, id -> answer.run());
      } else {
        answer.run();
      }
    });
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  void answer(ToIntFunction<Request> policy) {
    this.policy = policy;
  }

  void delay(long millis) {
    this.delayMs = millis;
  }

  List<Request> requests() {
    return requests;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
