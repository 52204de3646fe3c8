package dev.shortener.webhooks;

import dev.shortener.accounts.ApiGuard;
import dev.shortener.db.Database;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.JsonBodies;
import dev.shortener.db.Paging;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import dev.shortener.validation.TargetUrls;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** HTTP mapping of /webhooks. */
public final class WebhookRoutes {
  private static final String NOT_FOUND = "Webhook not found";
  private static final int DEFAULT_DELIVERIES = 100;

  private final WebhookStore store;
  private final boolean allowPrivate;
  private final String ownHost;

  private WebhookRoutes(WebhookStore store, boolean allowPrivate, String ownHost) {
    this.store = store;
    this.allowPrivate = allowPrivate;
    this.ownHost = ownHost;
  }

  /** {@code publicBaseUrl}: the service's own address; receivers on its host are refused. */
  public static void register(ApiRouter api, Database db, boolean allowPrivate, String publicBaseUrl) {
    WebhookRoutes routes = new WebhookRoutes(new WebhookStore(db), allowPrivate, TargetUrls.hostOf(publicBaseUrl));
    api.post("/webhooks", routes::create);
    api.get("/webhooks", routes::list);
    api.get("/webhooks/:id", routes::get);
    api.delete("/webhooks/:id", routes::delete);
    api.get("/webhooks/:id/deliveries", routes::deliveries);
  }

  private Future<?> create(RoutingContext ctx) {
    WebhookValidation.NewWebhook hook = WebhookValidation.create(JsonBodies.object(ctx), allowPrivate, ownHost);
    Long owner = owner(ctx);
    if (owner != null) {
      // a user key's endpoint is its user's: another user_id is not its to give
      if (hook.userId() != null && !hook.userId().equals(owner)) {
        throw Failure.forbidden();
      }
      hook = new WebhookValidation.NewWebhook(hook.url(), hook.events(), owner);
    }
    return store.insert(hook, Signatures.newSecret()).compose(created -> {
      if (created == null) {
        throw Failure.notFound("User not found");
      }
      return Responses.created(ctx, "/webhooks", created.id(), created);
    });
  }

  private Future<?> list(RoutingContext ctx) {
    QueryParams query = QueryParams.of(ctx);
    Long userId = query.longValue("user_id");
    query.validate();
    return store.list(userId, owner(ctx)).compose(hooks -> Responses.array(ctx, hooks));
  }

  private Future<?> get(RoutingContext ctx) {
    return store.find(QueryParams.pathId(ctx, NOT_FOUND), owner(ctx)).compose(hook -> Responses.found(ctx, hook, NOT_FOUND));
  }

  private Future<?> delete(RoutingContext ctx) {
    return store.delete(QueryParams.pathId(ctx, NOT_FOUND), owner(ctx)).compose(deleted -> {
      if (!deleted) {
        throw Failure.notFound(NOT_FOUND);
      }
      return Responses.noContent(ctx);
    });
  }

  /** The caller's user, or null for an admin: a user key sees only its user's endpoints. */
  private static Long owner(RoutingContext ctx) {
    return ApiGuard.principal(ctx).owner();
  }

  /** Latest first; {@code per_page} (default 100, at most 1000). */
  private Future<?> deliveries(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    QueryParams query = QueryParams.of(ctx);
    Long perPage = query.longValue("per_page");
    if (perPage != null && perPage < 1) {
      query.reject("per_page", "must be between 1 and " + Paging.MAX_PER_PAGE);
    }
    query.validate();
    int limit = perPage == null ? DEFAULT_DELIVERIES : (int) Math.min(perPage, Paging.MAX_PER_PAGE);
    return store.find(id, owner(ctx)).compose(hook -> {
      if (hook == null) {
        throw Failure.notFound(NOT_FOUND);
      }
      return store.deliveries(id, limit).compose(list -> Responses.array(ctx, list));
    });
  }
}
