package dev.shortener.urls;

import dev.shortener.accounts.ApiGuard;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.JsonBodies;
import dev.shortener.http.Lists;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import dev.shortener.validation.Text;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** HTTP mapping of /urls: parses the request, asks the {@link Shortener}, answers. */
public final class UrlRoutes {
  private static final String NOT_FOUND = "URL not found";
  /** A search longer than the longest searchable field (a 2048-char URL) cannot match. */
  private static final int MAX_SEARCH = 2048;

  private final Shortener shortener;

  private UrlRoutes(Shortener shortener) {
    this.shortener = shortener;
  }

  public static void register(ApiRouter api, Shortener shortener) {
    UrlRoutes routes = new UrlRoutes(shortener);
    api.post("/urls", routes::create);
    api.get("/urls", routes::list);
    api.get("/urls/:id", routes::get);
    api.put("/urls/:id", routes::update);
    api.delete("/urls/:id", routes::delete);
  }

  private Future<?> create(RoutingContext ctx) {
    NewUrl url = UrlValidation.create(JsonBodies.object(ctx), ApiGuard.principal(ctx));
    return shortener.create(url).compose(creation -> {
      if (creation instanceof Shortener.Created created) {
        return Responses.created(ctx, "/urls", created.url().id(), created.url());
      }
      throw Failure.conflict("Short code already exists");
    });
  }

  private Future<?> list(RoutingContext ctx) {
    QueryParams query = QueryParams.of(ctx);
    Long userId = query.longValue("user_id");
    Boolean active = query.booleanValue("is_active");
    String search = query.stringValue("q");
    if (search != null && search.length() > MAX_SEARCH) {
      query.reject("q", "must be at most " + MAX_SEARCH + " characters");
    } else if (search != null && (Text.hasControlCharacters(search) || Text.hasUnpairedSurrogate(search))) {
      query.reject("q", "must not contain control characters"); // PostgreSQL refuses a NUL outright
    }
    return Lists.respond(ctx, shortener.list(ApiGuard.principal(ctx), userId, active, search), query.paging("page_num"), ShortUrl::from);
  }

  private Future<?> get(RoutingContext ctx) {
    return shortener.find(ApiGuard.principal(ctx), QueryParams.pathId(ctx, NOT_FOUND))
        .compose(url -> Responses.found(ctx, url, NOT_FOUND));
  }

  private Future<?> update(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    UrlChanges changes = UrlValidation.update(JsonBodies.object(ctx));
    return shortener.update(ApiGuard.principal(ctx), id, changes).compose(url -> Responses.found(ctx, url, NOT_FOUND));
  }

  private Future<?> delete(RoutingContext ctx) {
    return shortener.delete(ApiGuard.principal(ctx), QueryParams.pathId(ctx, NOT_FOUND)).compose(deleted -> {
      if (!deleted) {
        throw Failure.notFound(NOT_FOUND);
      }
      return Responses.noContent(ctx);
    });
  }
}
