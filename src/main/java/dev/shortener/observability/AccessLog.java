package dev.shortener.observability;

import dev.shortener.http.ApiRouter;
import dev.shortener.http.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One structured line per request: id, method, route template, status, latency (and trace ids when tracing). */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    SpanContext span = Span.current().getSpanContext();
    ctx.addEndHandler(ar -> {
      if (!LOG.isInfoEnabled()) {
        return;
      }
      MDC.put("request_id", RequestIds.of(ctx));
      MDC.put("method", ctx.request().method().name());
      MDC.put("route", ctx.get(ApiRouter.ROUTE_KEY, "unmatched"));
      MDC.put("status", Integer.toString(ctx.response().getStatusCode()));
      MDC.put("latency_ms", Double.toString((System.nanoTime() - start) / 10_000 / 100.0));
      if (span.isValid()) {
        MDC.put("trace_id", span.getTraceId());
        MDC.put("span_id", span.getSpanId());
      }
      try {
        LOG.info("{} {} {}", ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode());
      } finally {
        MDC.clear();
      }
    });
    ctx.next();
  }
}
