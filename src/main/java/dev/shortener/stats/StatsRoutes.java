package dev.shortener.stats;

import dev.shortener.accounts.ApiGuard;
import dev.shortener.db.Database;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** HTTP mapping of GET /urls/{id}/stats and GET /users/{id}/stats. */
public final class StatsRoutes {
  private final StatsStore store;

  private StatsRoutes(StatsStore store) {
    this.store = store;
  }

  public static void register(ApiRouter api, Database db) {
    StatsRoutes routes = new StatsRoutes(new StatsStore(db));
    api.get("/urls/:id/stats", ctx -> routes.stats(ctx, StatsStore.Scope.URL, "URL not found"));
    api.get("/users/:id/stats", ctx -> routes.stats(ctx, StatsStore.Scope.USER, "User not found"));
  }

  private Future<?> stats(RoutingContext ctx, StatsStore.Scope scope, String notFound) {
    long id = QueryParams.pathId(ctx, notFound);
    QueryParams query = QueryParams.of(ctx);
    StatsRange range = StatsRange.parse(query.stringValue("from"), query.stringValue("to"),
        query.stringValue("interval"), Timestamps.now());
    boolean user = scope == StatsStore.Scope.USER;
    // All statements at once, each on its own connection: the answer waits for the slowest, not for
    // their sum plus a round trip for the existence check first. A user key sees only its own user's
    // links and stats: another's is the same 404 as a missing one, and what was counted for it is dropped.
    var found = store.exists(scope, id, ApiGuard.principal(ctx).owner());
    var series = store.series(scope, id, range);
    var top = store.top(scope, id, range);
    Future<List<Stats.Link>> links = user ? store.links(id, range) : Future.succeededFuture(null);
    return Future.all(found, series, top, links).compose(all -> {
      if (!found.result()) {
        throw Failure.notFound(notFound);
      }
      return Responses.json(ctx, 200, new Stats(user ? null : id, user ? id : null, range.from(), range.to(),
          range.interval().sqlName(), totals(series.result()), series.result(), top.result(), links.result()));
    });
  }

  private static Stats.Counts totals(List<Stats.Bucket> series) {
    long clicks = 0;
    long humans = 0;
    long bots = 0;
    long visitors = 0;
    for (Stats.Bucket bucket : series) {
      clicks += bucket.clicks();
      humans += bucket.humans();
      bots += bucket.bots();
      visitors += bucket.uniqueVisitors();
    }
    return new Stats.Counts(clicks, humans, bots, visitors);
  }
}
