package dev.shortener.observability;

import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One structured line per request: method, route template, status, latency (request and trace ids
 * come from {@link LogContextFilter}). Off with ACCESS_LOG_LEVEL=OFF.
 */
public final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("access");

  private AccessLog() {}

  /** The access line of an answered request, when the access log is on ({@link RequestPipeline}). */
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
