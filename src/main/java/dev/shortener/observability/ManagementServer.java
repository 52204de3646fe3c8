package dev.shortener.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The optional management listener ({@code http.management-port}): {@code /metrics} on a port of
 * its own, which no proxy forwards, instead of on the public port. One instance per process.
 */
public final class ManagementServer extends VerticleBase {
  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  public ManagementServer(String host, int port, PrometheusMeterRegistry registry) {
    this.host = host;
    this.port = port;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }
}
