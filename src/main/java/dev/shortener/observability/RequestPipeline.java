package dev.shortener.observability;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What every request goes through, however it is answered: an id ({@code X-Request-ID} and the log
 * context, {@link RequestIds}), the HTTP metrics by route template ({@link HttpMetrics}) and the
 * access line ({@link AccessLog}). Two entrances, the same steps:
 * <ul>
 *   <li>the router's first handler ({@link #handle}): for everything the router answers;</li>
 *   <li>{@link #begin} and {@link #answered} around an answer given before the router (the redirect
 *       fast lane), with no routing context and nothing allocated beyond what the steps need.</li>
 * </ul>
 * Tracing needs no step here: the HTTP server's tracer opens a request's span before any handler
 * runs, whichever entrance answers it. One per replica, shared by its HTTP verticles.
 */
public final class RequestPipeline implements Handler<RoutingContext> {
  /** Where a route keeps its template in the routing context: the label of metrics and access lines. */
  public static final String ROUTE_KEY = "route";
  private static final String UNMATCHED = "unmatched";

  private final HttpMetrics metrics;

  public RequestPipeline(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    metrics.started();
    RequestIds.assign(ctx.request());
    ctx.addEndHandler(ended -> {
      metrics.ended();
      answered(ctx.request(), ctx.get(ROUTE_KEY, UNMATCHED), ctx.response().getStatusCode(), start);
    });
    ctx.next();
  }

  /** A request answered before the router starts here; its start time goes to {@link #answered}. */
  public long begin(HttpServerRequest request) {
    long start = System.nanoTime();
    RequestIds.assign(request);
    return start;
  }

  /** Records an answered request of {@code route} (a template, never the raw path). */
  public void answered(HttpServerRequest request, String route, int status, long start) {
    metrics.record(route, request.method(), status, start);
    AccessLog.line(request.method(), route, request.path(), status, start);
  }
}
