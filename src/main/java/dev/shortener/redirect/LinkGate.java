package dev.shortener.redirect;

import dev.shortener.cache.RedisCache;
import dev.shortener.db.Database;
import dev.shortener.errors.Failure;
import dev.shortener.http.ClientAddress;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;

/**
 * The checks of a link with options, in order: its password, then where it leads, then its visit
 * limit. Plain links never come here, so none of this costs them anything.
 */
public final class LinkGate {
  private final LinkStore store;
  private final PasswordAttempts attempts;
  private final LinkContext context;
  private final WorkerExecutor hashing;
  private final ClientAddress clients;

  private LinkGate(LinkStore store, PasswordAttempts attempts, LinkContext context, WorkerExecutor hashing,
      ClientAddress clients) {
    this.store = store;
    this.attempts = attempts;
    this.context = context;
    this.hashing = hashing;
    this.clients = clients;
  }

  /**
   * {@code hashing} verifies passwords off the event loop (Argon2id is slow on purpose); {@code clients}
   * names the client (TRUSTED_PROXIES) for the password budget and the country.
   */
  public static LinkGate create(Database db, RedisCache redis, LinkContext context, WorkerExecutor hashing,
      ClientAddress clients) {
    return new LinkGate(new LinkStore(db), new PasswordAttempts(redis, context), context, hashing, clients);
  }

  /**
   * Where this request may go; null when it was answered here (the password form), a failed future
   * with the contract's error (401 JSON, 410 visit limit, 429) when it may not go anywhere.
   */
  Future<String> pass(RoutingContext ctx, String code, RedirectTarget target, LocalDateTime now) {
    LinkOptions options = target.options();
    String client = clients.of(ctx.request());
    Future<Boolean> unlocked = options.passwordProtected() ? password(ctx, code, target, client)
        : Future.succeededFuture(true);
    return unlocked.compose(open -> {
      if (!open) {
        return Future.succeededFuture(null);
      }
      Visit visit = new Visit(ctx.request(), now, context, client);
      String location = options.rules() == null ? target.location() : options.rules().pick(visit, target.location());
      if (options.maxVisits() == null) {
        return Future.succeededFuture(location);
      }
      // bots and HEAD see whether a visit is left but never take one
      boolean counts = ctx.request().method() != HttpMethod.HEAD && !visit.traits().bot();
      return (counts ? store.takeVisit(target.urlId()) : store.visitsLeft(target.urlId())).map(left -> {
        if (!left) {
          throw Failure.gone("URL has reached its visit limit");
        }
        return location;
      });
    });
  }

  /** True when the request carries the right password; otherwise it is answered here (form or JSON 401). */
  private Future<Boolean> password(RoutingContext ctx, String code, RedirectTarget target, String client) {
    HttpServerRequest request = ctx.request();
    boolean json = PasswordForm.wantsJson(request.getHeader(HttpHeaders.ACCEPT));
    if (request.method() != HttpMethod.POST) {
      if (json) {
        throw Failure.of(Failure.Kind.UNAUTHORIZED, "Password required");
      }
      PasswordForm.send(ctx.response(), 200, code, false);
      return Future.succeededFuture(false);
    }
    String given = submitted(ctx);
    return attempts.check(target.urlId(), client).compose(verdict -> {
      if (verdict.blocked()) {
        ctx.response().putHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        throw Failure.of(Failure.Kind.TOO_MANY_REQUESTS, "Too many requests");
      }
      return store.passwordHash(target.urlId())
          .compose(hash -> hash == null ? Future.succeededFuture(true) // the password was removed meanwhile
              : given == null ? Future.succeededFuture(false)
              : hashing.executeBlocking(() -> Passwords.matches(given, hash), false))
          .compose(right -> {
            if (right) {
              return Future.succeededFuture(true);
            }
            return attempts.failed(target.urlId(), client).map(v -> {
              if (json) {
                throw Failure.of(Failure.Kind.UNAUTHORIZED, "Wrong password");
              }
              PasswordForm.send(ctx.response(), 401, code, true);
              return false;
            });
          });
    });
  }

  /** The {@code password} form field (or JSON member, for API clients); null when missing or too long. */
  private static String submitted(RoutingContext ctx) {
    String password = ctx.request().getFormAttribute("password");
    if (password == null && ctx.body() != null && ctx.body().length() > 0) {
      try {
        Object value = ctx.body().asJsonObject().getValue("password");
        password = value instanceof String s ? s : null;
      } catch (RuntimeException notJson) {
        password = null;
      }
    }
    return password == null || password.isEmpty() || password.length() > Passwords.MAX_LENGTH ? null : password;
  }
}
