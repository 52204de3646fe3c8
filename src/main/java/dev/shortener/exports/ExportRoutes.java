package dev.shortener.exports;

import dev.shortener.accounts.ApiGuard;
import dev.shortener.db.Database;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;

/**
 * {@code GET /urls/export.csv} and {@code GET /urls/{id}/clicks.csv?from=&to=}: CSV streamed from a
 * cursor, chunk by chunk with back-pressure, so memory stays flat however many rows there are.
 */
public final class ExportRoutes {
  static final CharSequence CSV = HttpHeaders.createOptimized("text/csv; charset=utf-8");
  private static final String NOT_FOUND = "URL not found";
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT; // RFC 4180: CRLF, quotes where needed
  private static final Buffer NOTHING = Buffer.buffer();

  private final ExportStore store;

  private ExportRoutes(ExportStore store) {
    this.store = store;
  }

  /** Before the {@code /urls/:id} routes, which would take {@code export.csv} for an id. */
  public static void register(ApiRouter api, Database db) {
    ExportRoutes routes = new ExportRoutes(new ExportStore(db));
    api.get("/urls/export.csv", routes::links);
    api.get("/urls/:id/clicks.csv", routes::clicks);
  }

  private Future<?> links(RoutingContext ctx) {
    QueryParams query = QueryParams.of(ctx);
    Long userId = query.longValue("user_id");
    query.validate();
    attachment(ctx, "urls.csv");
    return store.links(userId, ApiGuard.principal(ctx).owner(), rows -> Responses.stream(ctx, rows, CSV, header(ExportStore.LINKS_HEADER), NOTHING,
        NOTHING, (row, out) -> out.appendString(FORMAT.format(row.getLong(0), row.getLong(1), row.getString(2),
            row.getString(3), row.getString(4), row.getBoolean(5), time(row, 6), time(row, 7), time(row, 8),
            row.getLong(9)) + "\r\n")));
  }

  private Future<?> clicks(RoutingContext ctx) {
    long id = QueryParams.pathId(ctx, NOT_FOUND);
    QueryParams query = QueryParams.of(ctx);
    LocalDateTime from = timestamp(query, "from");
    LocalDateTime to = timestamp(query, "to");
    query.validate();
    return store.urlExists(id, ApiGuard.principal(ctx).owner()).compose(exists -> {
      if (!exists) {
        throw Failure.notFound(NOT_FOUND);
      }
      attachment(ctx, "clicks-" + id + ".csv");
      return store.clicks(id, from, to, rows -> Responses.stream(ctx, rows, CSV, header(ExportStore.CLICKS_HEADER),
          NOTHING, NOTHING, (row, out) -> out.appendString(FORMAT.format(row.getLong(0), time(row, 1),
              row.getString(2), row.getString(3), row.getString(4)) + "\r\n")));
    });
  }

  private static LocalDateTime timestamp(QueryParams query, String name) {
    String raw = query.stringValue(name);
    if (raw == null) {
      return null;
    }
    Optional<LocalDateTime> parsed = Timestamps.parse(raw);
    if (parsed.isEmpty()) {
      query.reject(name, "must be a timestamp like 2025-09-19T22:25:05");
      return null;
    }
    return parsed.get();
  }

  private static String time(Row row, int column) {
    LocalDateTime value = row.getLocalDateTime(column);
    return value == null ? null : Timestamps.format(value);
  }

  private static Buffer header(String columns) {
    return Buffer.buffer(columns + "\r\n");
  }

  private static void attachment(RoutingContext ctx, String filename) {
    ctx.response().putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
  }
}
