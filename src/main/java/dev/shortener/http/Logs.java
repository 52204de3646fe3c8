package dev.shortener.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Logging with the request's id in the MDC. Event loops serve many requests in turn, so the MDC is
 * set around each log call rather than for the life of a request.
 */
public final class Logs {
  private Logs() {}

  public static void error(Logger log, RoutingContext ctx, String message, Throwable failure) {
    MDC.put("request_id", RequestIds.of(ctx));
    try {
      log.error(message, failure);
    } finally {
      MDC.remove("request_id");
    }
  }
}
