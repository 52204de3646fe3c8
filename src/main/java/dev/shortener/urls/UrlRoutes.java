package dev.shortener.urls;

import dev.shortener.db.Database;
import dev.shortener.http.ApiException;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.JsonBodies;
import dev.shortener.http.Lists;
import dev.shortener.http.Paging;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import dev.shortener.redirect.RedirectLookup;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** HTTP mapping of /urls. */
public final class UrlRoutes {
  private static final String NOT_FOUND = "URL not found";
  /** Generated-code collisions are ~1 in 5.7e10 per existing URL; five tries is generous. */
  private static final int CODE_ATTEMPTS = 5;

  /** Creates per multi-row statement; beyond this a burst waits for the next statement. */
  private static final int MAX_BATCH = 128;
  /** Create statements running at once per verticle, one per pipelined connection at most. */
  private static final int MAX_IN_FLIGHT = 2;
  /** Creates waiting per verticle: 32 full batches; more is a 503 with Retry-After. */
  private static final int MAX_WAITING = 4096;

  private final UrlStore store;
  private final UrlInserts inserts;
  private final RedirectLookup redirects;
  private final String ownHost;

  private UrlRoutes(UrlStore store, RedirectLookup redirects, String ownHost) {
    this.store = store;
    this.inserts = new UrlInserts(store, MAX_BATCH, MAX_IN_FLIGHT, MAX_WAITING);
    this.redirects = redirects;
    this.ownHost = ownHost;
  }

  /** {@code publicBaseUrl}: where the service's short links live; targets on its host are refused. */
  public static void register(ApiRouter api, Database db, RedirectLookup redirects, String publicBaseUrl) {
    UrlRoutes routes = new UrlRoutes(new UrlStore(db), redirects, TargetUrls.hostOf(publicBaseUrl));
    api.post("/urls", routes::create);
    api.get("/urls", routes::list);
    api.get("/urls/:id", routes::get);
    api.put("/urls/:id", routes::update);
    api.delete("/urls/:id", routes::delete);
  }

  private Future<?> create(RoutingContext ctx) {
    UrlValidation.NewUrl url = UrlValidation.create(JsonBodies.object(ctx), ownHost);
    if (url.customCode() == null) {
      // a fresh random code was probed before only by a 1-in-5.7e10 chance, and a "not found" entry
      // lives 2 s at most: no invalidation round trip for it
      return insertWithGeneratedCode(url, CODE_ATTEMPTS)
          .compose(row -> Responses.created(ctx, "/urls", row.id(), row));
    }
    return inserts.insert(url, url.customCode()).compose(row -> {
      if (row == null) {
        throw ApiException.conflict("Short code already exists");
      }
      // someone may have probed the alias before it existed: drop that "not found" everywhere
      return redirects.invalidate(List.of(row.shortCode()))
          .compose(v -> Responses.created(ctx, "/urls", row.id(), row));
    });
  }

  private Future<ShortUrl> insertWithGeneratedCode(UrlValidation.NewUrl url, int attemptsLeft) {
    return inserts.insert(url, ShortCodes.next()).compose(row -> {
      if (row != null) {
        return Future.succeededFuture(row);
      }
      if (attemptsLeft <= 1) {
        return Future.failedFuture(new IllegalStateException("no free short code after " + CODE_ATTEMPTS + " tries"));
      }
      return insertWithGeneratedCode(url, attemptsLeft - 1);
    });
  }

  private Future<?> list(RoutingContext ctx) {
    QueryParams query = QueryParams.of(ctx);
    Long userId = query.longValue("user_id");
    Boolean active = query.booleanValue("is_active");
    Paging paging = Paging.from(query, "page_num");
    return Lists.respond(ctx, store.db(), store.list(userId, active), paging, ShortUrl::from);
  }

  private Future<?> get(RoutingContext ctx) {
    return store.find(QueryParams.pathId(ctx, NOT_FOUND)).compose(url -> Responses.found(ctx, url, NOT_FOUND));
  }

  private Future<?> update(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    UrlValidation.Changes changes = UrlValidation.update(JsonBodies.object(ctx), ownHost);
    // the code first (it never changes), so the redirect is invalidated whatever the update's outcome
    return store.find(id).compose(current -> {
      if (current == null || changes.none()) {
        return Responses.found(ctx, current, NOT_FOUND);
      }
      return redirects.invalidateAfter(List.of(current.shortCode()), store.update(id, changes)).compose(url -> {
        if (url == null) {
          throw ApiException.notFound(NOT_FOUND);
        }
        return Responses.json(ctx, 200, url);
      });
    });
  }

  private Future<?> delete(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    return store.find(id).compose(current -> {
      if (current == null) {
        throw ApiException.notFound(NOT_FOUND);
      }
      return redirects.invalidateAfter(List.of(current.shortCode()), store.delete(id)).compose(code -> {
        if (code == null) {
          throw ApiException.notFound(NOT_FOUND);
        }
        return Responses.noContent(ctx);
      });
    });
  }

}
