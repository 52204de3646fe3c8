package dev.shortener.redirect;

import dev.shortener.clicks.Click;
import dev.shortener.clicks.ClickQueue;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.RouteTable;
import dev.shortener.observability.RequestPipeline;
import dev.shortener.validation.ShortCodeRule;
import dev.shortener.validation.Text;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
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
  private final RequestPipeline pipeline;

  public RedirectRoutes(RedirectLookup lookup, ClickQueue clicks, RequestPipeline pipeline) {
    this.lookup = lookup;
    this.clicks = clicks;
    this.pipeline = pipeline;
  }

  /**
   * The fast lane, asked by the server before the router: a GET or HEAD of {@code /{code}} whose code
   * is near-cached and live is answered here, through the same {@link RequestPipeline} steps as a
   * routed request (request id, metrics, access line). False for everything else, errors included,
   * which the router then answers. This is the most frequent request; skipping the routing context
   * and the handler chain for it is a measured part of reaching half of the bare server's rate.
   */
  public boolean fastLane(HttpServerRequest request) {
    HttpMethod method = request.method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return false;
    }
    String code = ShortCodeRule.codeOfPath(request.path());
    if (code == null) {
      return false;
    }
    LocalDateTime now = Timestamps.now();
    RedirectTarget target = lookup.cachedLive(code, now);
    if (target == null) {
      return false;
    }
    long start = pipeline.begin(request);
    send(request, code, target, now);
    pipeline.answered(request, ROUTE, 302, start);
    return true;
  }

  /** The routed redirects: {@code /{code}}, {@code /r/{code}} and {@code /urls/{code}/redirect}. */
  public void register(Router router, RouteTable table, ApiRouter api) {
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      api.rootOnly(method, "/r/:code", this::redirect);
      api.open(method, "/urls/:code/redirect", this::redirect);
      table.addRegex(ShortCodeRule.PATH_REGEX, method);
      router.routeWithRegex(method, ShortCodeRule.PATH_REGEX).setName(ROUTE).handler(ctx -> {
        ctx.put(RequestPipeline.ROUTE_KEY, ROUTE);
        ApiRouter.run(ctx, this::redirect);
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
