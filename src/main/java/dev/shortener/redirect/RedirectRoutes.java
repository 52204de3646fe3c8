package dev.shortener.redirect;

import dev.shortener.clicks.Click;
import dev.shortener.clicks.ClickQueue;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.RouteTable;
import dev.shortener.observability.AccessLog;
import dev.shortener.observability.HttpMetrics;
import dev.shortener.observability.RequestIds;
import dev.shortener.validation.ShortCodeRule;
import dev.shortener.validation.Text;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;

/** The public redirect: {@code /{code}}, {@code /r/{code}} and {@code /urls/{code}/redirect}. Never behind a key. */
public final class RedirectRoutes {
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("private, no-store");
  private static final int DETAIL_MAX = 512;
  private static final String ROUTE = "/:code";

  private final RedirectLookup lookup;
  private final ClickQueue clicks;

  private RedirectRoutes(RedirectLookup lookup, ClickQueue clicks) {
    this.lookup = lookup;
    this.clicks = clicks;
  }

  /**
   * The server's request handler: a GET or HEAD of {@code /{code}} whose code is near-cached and live
   * is answered here, before the router, with everything the router's chain would add (request id,
   * HTTP metrics, access line); all else, every error included, goes to {@code router}. This is the
   * request that matters most and the most frequent one; skipping the routing context and the
   * handler chain for it is a measured part of reaching half of the bare server's rate.
   */
  public static Handler<HttpServerRequest> fastLane(Router router, RedirectLookup lookup, ClickQueue clicks,
      HttpMetrics metrics) {
    RedirectRoutes routes = new RedirectRoutes(lookup, clicks);
    return request -> {
      HttpMethod method = request.method();
      String code = method == HttpMethod.GET || method == HttpMethod.HEAD ? ShortCodeRule.codeOfPath(request.path()) : null;
      LocalDateTime now = code == null ? null : Timestamps.now();
      RedirectTarget target = code == null ? null : lookup.cachedLive(code, now);
      if (target == null) {
        router.handle(request);
        return;
      }
      long start = System.nanoTime();
      RequestIds.assign(request);
      routes.send(request, code, target, now);
      metrics.record(ROUTE, method, 302, start);
      AccessLog.line(method, ROUTE, request.path(), 302, start);
    };
  }

  public static void register(Router router, RouteTable table, ApiRouter api, RedirectLookup lookup, ClickQueue clicks) {
    RedirectRoutes routes = new RedirectRoutes(lookup, clicks);
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      api.rootOnly(method, "/r/:code", routes::redirect);
      api.open(method, "/urls/:code/redirect", routes::redirect);
      table.addRegex(ShortCodeRule.PATH_REGEX, method);
      router.routeWithRegex(method, ShortCodeRule.PATH_REGEX).setName(ROUTE).handler(ctx -> {
        ctx.put(HttpMetrics.ROUTE_KEY, ROUTE);
        ApiRouter.run(ctx, routes::redirect);
      });
    }
  }

  private Future<?> redirect(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    if (code == null) {
      code = ctx.pathParam("param0");
    }
    if (!ShortCodeRule.hasShape(code)) {
      throw Failure.notFound("Not found");
    }
    String shortCode = code;
    return lookup.find(code).compose(target -> answer(ctx, shortCode, target));
  }

  private Future<Void> answer(RoutingContext ctx, String code, RedirectTarget target) {
    if (target == null) {
      throw Failure.notFound("Not found");
    }
    if (!target.active()) {
      throw Failure.gone("URL is deactivated");
    }
    LocalDateTime now = Timestamps.now();
    if (target.expired(now)) {
      throw Failure.gone("URL has expired");
    }
    return send(ctx.request(), code, target, now);
  }

  /** The 302 of a live target, and its click for a GET. */
  private Future<Void> send(HttpServerRequest request, String code, RedirectTarget target, LocalDateTime now) {
    if (request.method() == HttpMethod.GET) {
      clicks.offer(new Click(target.urlId(), target.userId(), code,
          Text.truncate(request.getHeader(HttpHeaders.REFERER), DETAIL_MAX),
          Text.truncate(request.getHeader(HttpHeaders.USER_AGENT), DETAIL_MAX), now));
    }
    return request.response()
        .setStatusCode(302)
        .putHeader(HttpHeaders.LOCATION, target.location())
        .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
        .end();
  }
}
