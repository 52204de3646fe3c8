package dev.shortener.http;

import dev.shortener.db.ListQuery;
import dev.shortener.db.Paging;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Answers a list request: one page as an array, or the whole collection streamed from a cursor. */
public final class Lists {
  private Lists() {}

  public static Future<Void> respond(RoutingContext ctx, ListQuery query, Paging paging, Function<Row, ?> mapper) {
    var db = query.db();
    String sql = query.sql(paging);
    if (paging.all()) {
      return db.stream(sql, query.args(paging), rows -> Responses.streamArray(ctx, rows, mapper));
    }
    return db.query(sql, query.args(paging)).compose(rows -> {
      List<Object> items = new ArrayList<>(rows.size());
      rows.forEach(row -> items.add(mapper.apply(row)));
      return Responses.array(ctx, items);
    });
  }
}
