package dev.shortener.events;

import dev.shortener.accounts.ApiGuard;
import dev.shortener.accounts.Principal;
import dev.shortener.db.Database;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.JsonBodies;
import dev.shortener.http.Lists;
import dev.shortener.db.Paging;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** HTTP mapping of /events. */
public final class EventRoutes {
  private static final String NOT_FOUND = "Event not found";
  private final EventStore store;

  private EventRoutes(EventStore store) {
    this.store = store;
  }

  public static void register(ApiRouter api, Database db) {
    EventRoutes routes = new EventRoutes(new EventStore(db));
    api.post("/events", routes::create);
    api.get("/events", routes::list);
    api.get("/events/:id", routes::get);
    api.put("/events/:id", routes::update);
  }

  private Future<?> create(RoutingContext ctx) {
    Principal principal = ApiGuard.principal(ctx);
    EventValidation.Fieldset event = EventValidation.read(JsonBodies.object(ctx), true, principal);
    return store.insert(event, principal.owner()).compose(created -> Responses.created(ctx, "/events", created.id(), created));
  }

  private Future<?> list(RoutingContext ctx) {
    QueryParams query = QueryParams.of(ctx);
    Long urlId = query.longValue("url_id");
    Long userId = query.longValue("user_id");
    String type = query.stringValue("event_type");
    Paging paging = query.paging(null);
    Long owner = ApiGuard.principal(ctx).owner();
    return Lists.respond(ctx, store.list(owner, urlId, userId, type), paging, Event::from);
  }

  private Future<?> get(RoutingContext ctx) {
    return store.find(QueryParams.pathId(ctx, NOT_FOUND), ApiGuard.principal(ctx).owner())
        .compose(event -> Responses.found(ctx, event, NOT_FOUND));
  }

  private Future<?> update(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    Principal principal = ApiGuard.principal(ctx);
    EventValidation.Fieldset changes = EventValidation.read(JsonBodies.object(ctx), false, principal);
    Long owner = principal.owner();
    Future<Event> result = changes.none() ? store.find(id, owner) : store.update(id, owner, changes);
    return result.compose(event -> Responses.found(ctx, event, NOT_FOUND));
  }

}
