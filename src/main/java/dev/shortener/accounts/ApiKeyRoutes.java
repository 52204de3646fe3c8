package dev.shortener.accounts;

import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.JsonBodies;
import dev.shortener.http.Lists;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** HTTP mapping of /api-keys. */
public final class ApiKeyRoutes {
  private static final String NOT_FOUND = "API key not found";

  private final Accounts accounts;

  private ApiKeyRoutes(Accounts accounts) {
    this.accounts = accounts;
  }

  public static void register(ApiRouter api, Accounts accounts) {
    ApiKeyRoutes routes = new ApiKeyRoutes(accounts);
    api.post("/api-keys", routes::create);
    api.get("/api-keys", routes::list);
    api.get("/api-keys/:id", routes::get);
    api.delete("/api-keys/:id", routes::delete);
  }

  private Future<?> create(RoutingContext ctx) {
    Accounts.NewKey request = Accounts.NewKey.from(JsonBodies.object(ctx));
    return accounts.create(ApiGuard.principal(ctx), request)
        .compose(created -> Responses.created(ctx, "/api-keys", created.id(), created));
  }

  private Future<?> list(RoutingContext ctx) {
    return Lists.respond(ctx, accounts.list(ApiGuard.principal(ctx)), QueryParams.of(ctx).paging(null), ApiKey::from);
  }

  private Future<?> get(RoutingContext ctx) {
    return accounts.find(ApiGuard.principal(ctx), QueryParams.pathId(ctx, NOT_FOUND))
        .compose(key -> Responses.found(ctx, key, NOT_FOUND));
  }

  private Future<?> delete(RoutingContext ctx) {
    return accounts.delete(ApiGuard.principal(ctx), QueryParams.pathId(ctx, NOT_FOUND)).compose(deleted -> {
      if (!deleted) {
        throw Failure.notFound(NOT_FOUND);
      }
      return Responses.noContent(ctx);
    });
  }
}
