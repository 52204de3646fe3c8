package dev.shortener.http;

import dev.shortener.observability.RequestPipeline;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Registers the API's routes: each once, on the API's own router, which {@link #mount} serves at the
 * root and under {@code /v1} (vert.x-web sub-routers); behind the {@link Guard} (principal, rate
 * limit, scope: the accounts feature's), with a JSON body parsed for writes, recorded in the
 * {@link RouteTable} for 405s. Handlers are small actions returning a future; a failed future goes to
 * the {@link ErrorHandler}.
 */
public final class ApiRouter {
  /** An endpoint: reads the request, answers it, returns when done (or failed). */
  @FunctionalInterface
  public interface Action {
    Future<?> handle(RoutingContext ctx);
  }

  /** What a route needs beyond a valid key. */
  public enum Access {
    /** GET: the read scope. */
    READ,
    /** Anything else: the write scope. */
    WRITE,
    /** Creating users, bulk imports: an admin key with the write scope. */
    ADMIN
  }

  /**
   * Runs before every API route's body handler and action: lets the request on ({@code ctx.next()}) or
   * fails it. {@code bodyFollows}: a body handler runs next (which resumes a paused request).
   */
  @FunctionalInterface
  public interface Guard {
    void handle(RoutingContext ctx, Access access, boolean bodyFollows);
  }

  private static final String VERSION = "/v1";

  private final Router router;
  private final Router versioned;
  private final RouteTable table;
  private final Handler<RoutingContext> bodyHandler;
  private final Guard guard;
  private final boolean adminOnly;

  public ApiRouter(Router router, Router versioned, RouteTable table, Handler<RoutingContext> bodyHandler,
      Guard guard) {
    this(router, versioned, table, bodyHandler, guard, false);
  }

  private ApiRouter(Router router, Router versioned, RouteTable table, Handler<RoutingContext> bodyHandler,
      Guard guard, boolean adminOnly) {
    this.router = router;
    this.versioned = versioned;
    this.table = table;
    this.bodyHandler = bodyHandler;
    this.guard = guard;
    this.adminOnly = adminOnly;
  }

  /** The same router for routes only an admin key may call (403 for user keys). */
  public ApiRouter adminOnly() {
    return new ApiRouter(router, versioned, table, bodyHandler, guard, true);
  }

  public void get(String path, Action action) {
    api(HttpMethod.GET, path, null, action);
  }

  public void post(String path, Action action) {
    api(HttpMethod.POST, path, bodyHandler, action);
  }

  /** POST whose body is read by a dedicated handler (multipart uploads). */
  public void post(String path, Handler<RoutingContext> customBody, Action action) {
    api(HttpMethod.POST, path, customBody, action);
  }

  public void put(String path, Action action) {
    api(HttpMethod.PUT, path, bodyHandler, action);
  }

  public void delete(String path, Action action) {
    api(HttpMethod.DELETE, path, null, action);
  }

  /** An open route at the root and under /v1 (no API key), e.g. the legacy redirect alias. */
  public void open(HttpMethod method, String path, Action action) {
    registerVersioned(method, path, null, false, action);
  }

  /** An open, root-only route (health, metrics, docs). */
  public void rootOnly(HttpMethod method, String path, Action action) {
    table.add(path, method);
    Route route = router.route(method, path);
    route.handler((PlatformHandler) ctx -> {
      ctx.put(RequestPipeline.ROUTE_KEY, path);
      ctx.next();
    });
    finish(route, method, null, false, action);
  }

  /**
   * Serves the API's routes at the root and under /v1. Called once every root-only route is in, so
   * those (the redirect first) are matched before the API's router is searched.
   */
  public void mount() {
    router.route(VERSION + "/*").subRouter(versioned);
    router.route("/*").subRouter(versioned);
  }

  private void api(HttpMethod method, String path, Handler<RoutingContext> body, Action action) {
    registerVersioned(method, path, body, true, action);
  }

  private void registerVersioned(HttpMethod method, String path, Handler<RoutingContext> body, boolean guarded,
      Action action) {
    String versionedTemplate = VERSION + path;
    table.add(path, method);
    table.add(versionedTemplate, method);
    Route route = versioned.route(method, path);
    // platform handlers run before the body handler: a request is named, and refused without a key or
    // over its limit, before its body is read; the label is the template as the client addressed it
    route.handler((PlatformHandler) ctx -> {
      String mount = ctx.mountPoint();
      ctx.put(RequestPipeline.ROUTE_KEY, mount != null && mount.startsWith(VERSION) ? versionedTemplate : path);
      ctx.next();
    });
    finish(route, method, body, guarded, action);
  }

  private void finish(Route route, HttpMethod method, Handler<RoutingContext> body, boolean guarded,
      Action action) {
    if (guarded) {
      Access access = adminOnly ? Access.ADMIN : method == HttpMethod.GET ? Access.READ : Access.WRITE;
      route.handler((PlatformHandler) ctx -> guard.handle(ctx, access, body != null));
    }
    if (body != null) {
      route.handler(body);
    }
    route.handler(ctx -> run(ctx, action));
  }

  /** Runs an action, sending any thrown or failed-future error to the failure handler. */
  public static void run(RoutingContext ctx, Action action) {
    Future<?> result;
    try {
      result = action.handle(ctx);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    result.onFailure(ctx::fail);
  }
}
