package dev.shortener.redirect;

import dev.shortener.clicks.Click;
import dev.shortener.clicks.ClickQueue;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.RouteTable;
import dev.shortener.http.ClientAddress;
import dev.shortener.observability.RequestPipeline;
import dev.shortener.validation.ShortCodeRule;
import dev.shortener.validation.Text;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;

/** The public redirect: {@code /{code}}, {@code /r/{code}} and {@code /urls/{code}/redirect}. Never behind a key. */
public final class RedirectRoutes {
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("private, no-store");
  /**
   * 301/308 of a plain link: the owner says the move is permanent, so a browser may skip the hop for an
   * hour (bounding how long an edit or a deactivation takes to reach it); never shared caches.
   */
  private static final CharSequence PERMANENT_CACHE_CONTROL = HttpHeaders.createOptimized("private, max-age=3600");
  /** Short links are not pages of their own: search engines should index the target, not the hop. */
  public static final CharSequence X_ROBOTS_TAG = HttpHeaders.createOptimized("X-Robots-Tag");
  public static final CharSequence NOINDEX = HttpHeaders.createOptimized("noindex");
  private static final String ROBOTS_TXT = "User-agent: *\nDisallow: /\n";
  private static final int DETAIL_MAX = 512;
  private static final String ROUTE = "/:code";
  /** The password form's body: one field of at most 128 characters, percent-encoded. */
  private static final int FORM_LIMIT = 4096;

  private final RedirectLookup lookup;
  private final ClickQueue clicks;
  private final RequestPipeline pipeline;
  /** The client address a click records (the visitor hash's input): the peer, or through trusted proxies. */
  private final ClientAddress clients;
  /** REDIRECT_STATUS: the status of links that do not choose one (stored as 0). */
  private final int defaultStatus;
  /** The checks of links with options (the fast lane never sees such a link). */
  private final LinkGate gate;

  public RedirectRoutes(RedirectLookup lookup, ClickQueue clicks, RequestPipeline pipeline, ClientAddress clients,
      int defaultStatus, LinkGate gate) {
    this.lookup = lookup;
    this.clicks = clicks;
    this.pipeline = pipeline;
    this.clients = clients;
    this.defaultStatus = defaultStatus;
    this.gate = gate;
  }

  /**
   * The fast lane, asked by the server before the router: a GET or HEAD of {@code /{code}} whose code
   * is near-cached, live and plain (no options) is answered here, through the same {@link RequestPipeline}
   * steps as a routed request (request id, metrics, access line). False for everything else, errors
   * included, which the router then answers. This is the most frequent request; skipping the routing
   * context and the handler chain for it is a measured part of reaching half of the bare server's rate.
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
    int status = send(request, code, target, target.location(), now);
    pipeline.answered(request, ROUTE, status, start);
    return true;
  }

  /** The routed redirects: {@code /{code}} (GET, HEAD, and POST of the password form), {@code /r/{code}}, {@code /urls/{code}/redirect}, and {@code /robots.txt}. */
  public void register(Router router, RouteTable table, ApiRouter api) {
    api.rootOnly(HttpMethod.GET, "/robots.txt", ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(ROBOTS_TXT));
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      api.rootOnly(method, "/r/:code", this::redirect);
      api.open(method, "/urls/:code/redirect", this::redirect);
      codeRoute(router, table, method, "", ROUTE, null, this::redirect);
    }
    // the password form posts here; a small body (one field)
    codeRoute(router, table, HttpMethod.POST, "", ROUTE, BodyHandler.create(false).setBodyLimit(FORM_LIMIT),
        this::redirect);
  }

  /**
   * A root route {@code /{code}<suffix>} whose code is allowed by {@link ShortCodeRule} (so it never
   * shadows the router's own paths); the handler reads the code from {@link #code}.
   */
  public static void codeRoute(Router router, RouteTable table, HttpMethod method, String suffix, String name,
      Handler<RoutingContext> bodyOrNull, ApiRouter.Action action) {
    String pattern = ShortCodeRule.pathRegex(suffix);
    table.addRegex(pattern, method);
    Route route = router.routeWithRegex(method, pattern).setName(name).handler((PlatformHandler) ctx -> {
      ctx.put(RequestPipeline.ROUTE_KEY, name);
      ctx.next();
    });
    if (bodyOrNull != null) {
      route.handler(bodyOrNull);
    }
    route.handler(ctx -> ApiRouter.run(ctx, action));
  }

  /** The code of a request routed by {@link #codeRoute} or a {@code :code} template. */
  public static String code(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    return code != null ? code : ctx.pathParam("param0");
  }

  private Future<?> redirect(RoutingContext ctx) {
    String code = code(ctx);
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
    if (target.options() == null) {
      send(ctx.request(), code, target, target.location(), now);
      return Future.succeededFuture();
    }
    return gate.pass(ctx, code, target, now).map(location -> {
      if (location != null) {
        send(ctx.request(), code, target, location, now);
      }
      return null;
    });
  }

  /** The redirect of a live target to {@code location}, and its click unless HEAD; returns the status sent. */
  private int send(HttpServerRequest request, String code, RedirectTarget target, String location,
      LocalDateTime now) {
    ClickQueue.Receipt receipt = ClickQueue.NO_RECEIPT;
    if (request.method() != HttpMethod.HEAD) { // GET, or the POST of a password form
      // journaled before the answer goes out (a kill -9 loses no answered click)
      receipt = clicks.offer(new Click(target.urlId(), target.userId(), code,
          Text.truncate(request.getHeader(HttpHeaders.REFERER), DETAIL_MAX),
          Text.truncate(request.getHeader(HttpHeaders.USER_AGENT), DETAIL_MAX), now, clients.of(request)));
    }
    int status = target.status() == 0 ? defaultStatus : target.status();
    boolean permanent = (status == 301 || status == 308) && target.options() == null;
    HttpServerResponse response = request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.LOCATION, location)
        .putHeader(HttpHeaders.CACHE_CONTROL, permanent ? PERMANENT_CACHE_CONTROL : CACHE_CONTROL)
        .putHeader(X_ROBOTS_TAG, NOINDEX);
    receipt.answering(); // from here a replay after a kill counts it: no answer that left is lost
    response.end();
    return status;
  }
}
