package dev.shortener.observability;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One structured line per request: method, route template, status, latency (request and trace ids
 * come from {@link LogContextFilter}). Off with ACCESS_LOG_LEVEL=OFF.
 */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("access");

  @Override
  public void handle(RoutingContext ctx) {
    if (LOG.isInfoEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(ar -> log(ctx, start));
    }
    ctx.next();
  }

  private static void log(RoutingContext ctx, long start) {
    line(ctx.request().method(), ctx.get(HttpMetrics.ROUTE_KEY, "unmatched"), ctx.request().path(),
        ctx.response().getStatusCode(), start);
  }

  /** The access line of a request (also of one answered before the router), when the access log is on. */
  public static void line(HttpMethod method, String route, String path, int status, long start) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    MDC.put("method", method.name());
    MDC.put("route", route);
    MDC.put("status", Integer.toString(status));
    MDC.put("latency_ms", Double.toString((System.nanoTime() - start) / 10_000 / 100.0));
    try {
      LOG.info("{} {} {}", method, path, status);
    } finally {
      MDC.remove("method");
      MDC.remove("route");
      MDC.remove("status");
      MDC.remove("latency_ms");
    }
  }
}
