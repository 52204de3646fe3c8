package dev.shortener.users;

import dev.shortener.accounts.Accounts;
import dev.shortener.accounts.ApiGuard;
import dev.shortener.db.Database;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.JsonBodies;
import dev.shortener.http.Lists;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import dev.shortener.redirect.Invalidations;
import io.vertx.core.Future;
import java.util.List;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;

/** HTTP mapping of /users. */
public final class UserRoutes {
  private static final String NOT_FOUND = "User not found";

  private final UserStore store;
  private final Invalidations.Publisher invalidations;
  private final Accounts accounts;

  private UserRoutes(UserStore store, Invalidations.Publisher invalidations, Accounts accounts) {
    this.store = store;
    this.invalidations = invalidations;
    this.accounts = accounts;
  }

  public static void register(ApiRouter api, Database db, Invalidations.Publisher invalidations, Accounts accounts) {
    UserRoutes routes = new UserRoutes(new UserStore(db), invalidations, accounts);
    api.adminOnly().post("/users", routes::create);
    api.get("/users", routes::list);
    api.get("/users/:id", routes::get);
    api.put("/users/:id", routes::update);
    api.delete("/users/:id", routes::delete);
  }

  private Future<?> create(RoutingContext ctx) {
    UserValidation.Changes user = UserValidation.create(JsonBodies.object(ctx));
    return store.create(user.username(), user.email())
        .compose(created -> Responses.created(ctx, "/users", created.id(), created));
  }

  private Future<?> list(RoutingContext ctx) {
    return Lists.respond(ctx, store.list(owner(ctx)), QueryParams.of(ctx).paging(null), User::from);
  }

  private Future<?> get(RoutingContext ctx) {
    return store.find(QueryParams.pathId(ctx, NOT_FOUND), owner(ctx))
        .compose(user -> Responses.found(ctx, user, NOT_FOUND));
  }

  private Future<?> update(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    UserValidation.Changes changes = UserValidation.update(JsonBodies.object(ctx));
    Long owner = owner(ctx);
    Future<User> result = changes.none() ? store.find(id, owner)
        : store.update(id, owner, changes.username(), changes.email());
    return result.compose(user -> Responses.found(ctx, user, NOT_FOUND));
  }

  private Future<?> delete(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    // the user's codes first, so their redirects are invalidated whatever the delete's outcome
    return store.codesOf(id).compose(before -> invalidations.invalidateAfter(before, store.delete(id, owner(ctx)))
        .compose(deleted -> {
          if (deleted == null) {
            throw Failure.notFound(NOT_FOUND);
          }
          List<String> createdSince = deleted.shortCodes().stream().filter(code -> !before.contains(code)).toList();
          // the user's keys went with the row: no replica may accept them any more
          return Future.join(invalidations.invalidate(createdSince), accounts.userDeleted(id))
              .compose(v -> Responses.noContent(ctx));
        }));
  }

  /** The caller's user, or null for an admin: the stores' filter. */
  private static Long owner(RoutingContext ctx) {
    return ApiGuard.principal(ctx).owner();
  }

}
