package dev.shortener.http;

import dev.shortener.errors.Failure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Writing JSON responses, single objects and (streamed) arrays. */
public final class Responses {
  public static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final int CHUNK_BYTES = 16 * 1024;
  private static final Buffer OPEN_ARRAY = Buffer.buffer("[");
  private static final Buffer ARRAY_SEPARATOR = Buffer.buffer(",");
  private static final Buffer CLOSE_ARRAY = Buffer.buffer("]");

  private Responses() {}

  public static Future<Void> json(RoutingContext ctx, int status, Object body) {
    return sendJson(ctx.response().setStatusCode(status), JsonCodec.encode(body));
  }

  /** 201 with a {@code Location} under the same prefix (root or /v1) the request came in on. */
  public static Future<Void> created(RoutingContext ctx, String collection, long id, Object body) {
    String prefix = ctx.normalizedPath().startsWith("/v1/") ? "/v1" : "";
    ctx.response().putHeader(HttpHeaders.LOCATION, prefix + collection + "/" + id);
    return json(ctx, 201, body);
  }

  /** 200 with the resource, or the resource's 404 when it is null. */
  public static Future<Void> found(RoutingContext ctx, Object resource, String notFoundMessage) {
    if (resource == null) {
      throw Failure.notFound(notFoundMessage);
    }
    return json(ctx, 200, resource);
  }

  /** 200 with the resource, or the resource's 404 when there is none. */
  public static Future<Void> found(RoutingContext ctx, Optional<?> resource, String notFoundMessage) {
    return found(ctx, resource.orElse(null), notFoundMessage);
  }

  public static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }

  static Future<Void> sendJson(HttpServerResponse response, Buffer body) {
    return response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  public static <T> Future<Void> array(RoutingContext ctx, Iterable<T> items) {
    Buffer out = Buffer.buffer().appendByte((byte) '[');
    boolean first = true;
    for (T item : items) {
      if (!first) {
        out.appendByte((byte) ',');
      }
      first = false;
      out.appendBuffer(JsonCodec.encode(item));
    }
    return sendJson(ctx.response().setStatusCode(200), out.appendByte((byte) ']'));
  }

  /**
   * Writes a cursor's rows as one JSON array, chunk by chunk, pausing the cursor while the client is
   * slow, so memory stays flat whatever the row count.
   */
  public static Future<Void> streamArray(RoutingContext ctx, RowStream<Row> rows, Function<Row, ?> mapper) {
    return stream(ctx, rows, JSON, OPEN_ARRAY, ARRAY_SEPARATOR, CLOSE_ARRAY,
        (row, out) -> out.appendBuffer(JsonCodec.encode(mapper.apply(row))));
  }

  /**
   * Streams a cursor's rows as {@code head row sep row ... tail}, in chunks, pausing the cursor while
   * the client is slow, so memory stays flat whatever the row count (JSON arrays, CSV exports). The
   * status line waits for the first row, so a failing query still gets a proper error response; no
   * row at all is {@code head + tail} in one unchunked answer.
   */
  public static Future<Void> stream(RoutingContext ctx, RowStream<Row> rows, CharSequence contentType, Buffer head,
      Buffer separator, Buffer tail, BiConsumer<Row, Buffer> encoder) {
    HttpServerResponse response = ctx.response();
    Promise<Void> done = Promise.promise();
    Buffer[] chunk = {null};
    rows.exceptionHandler(done::tryFail);
    response.closeHandler(v -> done.tryFail("client closed the connection"));
    rows.handler(row -> {
      if (chunk[0] == null) {
        response.setChunked(true).setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        chunk[0] = Buffer.buffer(CHUNK_BYTES + 1024).appendBuffer(head);
      } else {
        chunk[0].appendBuffer(separator);
      }
      encoder.accept(row, chunk[0]);
      if (chunk[0].length() >= CHUNK_BYTES) {
        response.write(chunk[0]);
        chunk[0] = Buffer.buffer(CHUNK_BYTES + 1024);
        if (response.writeQueueFull()) {
          rows.pause();
          response.drainHandler(v -> rows.resume());
        }
      }
    });
    rows.endHandler(v -> {
      Future<Void> end = chunk[0] == null
          ? response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, contentType)
              .end(head.copy().appendBuffer(tail))
          : response.end(chunk[0].appendBuffer(tail));
      end.onComplete(ar -> {
        if (ar.succeeded()) {
          done.tryComplete();
        } else {
          done.tryFail(ar.cause());
        }
      });
    });
    return done.future();
  }
}
