package dev.shortener.accounts;

import dev.shortener.config.AppConfig;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.ApiRouter.Access;
import dev.shortener.http.ClientAddress;
import dev.shortener.ratelimit.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every API route (never before redirects, health, metrics, docs or OPTIONS): resolves
 * the request's {@link Principal} once, counts the request against its rate limit, then checks the
 * route's scope and admin requirement. Order matters: a refused key is counted (per client address)
 * before its 401, so guessing keys is limited too.
 */
public final class ApiGuard implements ApiRouter.Guard {
  private static final String PRINCIPAL = "principal";
  private static final String BEARER = "Bearer ";

  private final Accounts accounts;
  private final RateLimiter limiter;
  private final ClientAddress clients;
  /** Open mode without {@code API_KEYS}: the original service's open API. */
  private final boolean open;

  public ApiGuard(Accounts accounts, RateLimiter limiter, ClientAddress clients, AppConfig.Security security) {
    this.accounts = accounts;
    this.limiter = limiter;
    this.clients = clients;
    this.open = security.mode() == AppConfig.AuthMode.OPEN && security.apiKeyHashes().isEmpty();
  }

  /** The principal the guard resolved for this request. */
  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /**
   * {@code bodyFollows}: a body handler runs next. The request is paused while the key and the limit are
   * looked up (the body must not stream past before it), and that handler resumes it; otherwise this does.
   * Once an answer starts (a 401 here, a 413 from the body handler) the rest of the body is read and
   * dropped, or a client still sending it would never get to read the answer.
   */
  @Override
  public void handle(RoutingContext ctx, Access access, boolean bodyFollows) {
    ctx.request().pause();
    ctx.addHeadersEndHandler(v -> ctx.request().resume());
    Future<Principal> resolved = open
        ? Future.succeededFuture(Principal.open(clients.of(ctx.request())))
        : accounts.authenticate(presentedKey(ctx));
    resolved.compose(principal -> limit(ctx, principal).map(principal)).onComplete(ar -> {
      if (!bodyFollows) {
        ctx.request().resume();
      }
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Principal principal = ar.result();
      if (principal == null) {
        ctx.fail(Failure.unauthorized());
      } else if (access != Access.READ && !principal.write() || access == Access.ADMIN && !principal.admin()) {
        ctx.fail(Failure.forbidden());
      } else {
        ctx.put(PRINCIPAL, principal);
        ctx.next();
      }
    });
  }

  /** Sets the RateLimit headers; fails with 429 over the limit. */
  private Future<Void> limit(RoutingContext ctx, Principal principal) {
    if (!limiter.enabled()) {
      return Future.succeededFuture();
    }
    String subject = principal != null ? principal.subject() : "ip:" + clients.of(ctx.request());
    return limiter.take(subject).compose(decision -> {
      HttpServerResponse response = ctx.response();
      response.putHeader("RateLimit-Limit", Integer.toString(decision.limit()))
          .putHeader("RateLimit-Remaining", Integer.toString(decision.remaining()))
          .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
      if (!decision.allowed()) {
        response.putHeader("Retry-After", Long.toString(decision.resetSeconds()));
        return Future.failedFuture(Failure.tooManyRequests());
      }
      return Future.<Void>succeededFuture();
    });
  }

  /** The key from {@code X-API-Key} or {@code Authorization: Bearer}; a query-string key is ignored. */
  private static String presentedKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("X-API-Key");
    if (key != null) {
      return key.trim();
    }
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return auth.substring(BEARER.length()).trim();
    }
    return null;
  }

}
