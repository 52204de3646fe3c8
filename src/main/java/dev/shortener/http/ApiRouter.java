package dev.shortener.http;

import dev.shortener.observability.HttpMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Registers the API's routes: each at the root and under {@code /v1}, behind the {@link Guard}
 * (principal, rate limit, scope: the accounts feature's), with a JSON body parsed for writes, recorded
 * in the {@link RouteTable} for 405s.
 * Handlers are small actions returning a future; a failed future goes to the {@link ErrorHandler}.
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

  private static final String[] PREFIXES = {"", "/v1"};

  private final Router router;
  private final RouteTable table;
  private final Handler<RoutingContext> bodyHandler;
  private final Guard guard;
  private final boolean adminOnly;

  public ApiRouter(Router router, RouteTable table, Handler<RoutingContext> bodyHandler, Guard guard) {
    this(router, table, bodyHandler, guard, false);
  }

  private ApiRouter(Router router, RouteTable table, Handler<RoutingContext> bodyHandler, Guard guard,
      boolean adminOnly) {
    this.router = router;
    this.table = table;
    this.bodyHandler = bodyHandler;
    this.guard = guard;
    this.adminOnly = adminOnly;
  }

  /** The same router for routes only an admin key may call (403 for user keys). */
  public ApiRouter adminOnly() {
    return new ApiRouter(router, table, bodyHandler, guard, true);
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
    for (String prefix : PREFIXES) {
      register(router.route(method, prefix + path), prefix + path, method, null, false, action);
    }
  }

  /** An open, root-only route (health, metrics, docs). */
  public void rootOnly(HttpMethod method, String path, Action action) {
    register(router.route(method, path), path, method, null, false, action);
  }

  private void api(HttpMethod method, String path, Handler<RoutingContext> body, Action action) {
    for (String prefix : PREFIXES) {
      register(router.route(method, prefix + path), prefix + path, method, body, true, action);
    }
  }

  private void register(Route route, String template, HttpMethod method, Handler<RoutingContext> body,
      boolean guarded, Action action) {
    table.add(template, method);
    // platform handlers run before the body handler: a request is named, and refused without a key or
    // over its limit, before its body is read
    route.handler((PlatformHandler) ctx -> {
      ctx.put(HttpMetrics.ROUTE_KEY, template);
      ctx.next();
    });
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
