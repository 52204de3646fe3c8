package dev.shortener.http;

import dev.shortener.errors.Failure;
import dev.shortener.observability.RequestIds;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses, and the only place that knows which status a
 * {@link Failure.Kind} is: {@link Failure}s by their kind, router errors (404, 405, 413) by the
 * contract's table, anything else a logged 500 with no detail for the client.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  /** Seconds a client should wait before retrying a 503. */
  public static final String RETRY_AFTER_SECONDS = "5";

  private static final Map<Integer, String> MESSAGES = Map.of(
      400, "Bad request",
      401, "Unauthorized",
      404, "Not found",
      405, "Method not allowed",
      413, "Request body too large",
      415, "Request body must be a JSON object",
      429, "Too many requests",
      500, "Internal server error",
      503, "Service temporarily unavailable");

  private final RouteTable routes;

  public ErrorHandler(RouteTable routes) {
    this.routes = routes;
  }

  /** The HTTP status of a failure kind. */
  public static int status(Failure.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case GONE -> 410;
      case CONFLICT -> 409;
      case TOO_MANY_REQUESTS -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  /** The HTTP status a failure is answered with (500: a bug). */
  public static int status(Throwable failure) {
    if (failure instanceof Failure known) {
      return status(known.kind());
    }
    if (failure instanceof HttpException http) {
      return http.getStatusCode();
    }
    return 500;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    Throwable failure = ctx.failure();
    if (failure instanceof HttpClosedException || failure instanceof ClosedChannelException) {
      // the client went away (a load generator stopping, a browser tab closed): nobody to answer
      LOG.debug("client closed the connection: {}", failure.toString());
      return;
    }
    if (response.headWritten()) {
      // a streamed list failed half way: the status is sent, so the only honest signal is a cut connection
      LOG.warn("response failed after headers were sent; closing connection", failure);
      response.reset();
      return;
    }
    int status = statusOf(ctx, failure);
    String allowed = status == 404 && failure == null || status == 405 ? routes.allowedMethods(ctx.normalizedPath()) : "";
    if (status == 404 && !allowed.isEmpty()) {
      // no route answered, yet the path is known: the method is wrong. The router cannot tell once the
      // API's sub-routers were searched (a mount matches every method), the route table can
      status = 405;
    }
    JsonObject body = new JsonObject();
    if (failure instanceof Failure known) {
      body.put("error", known.getMessage());
      if (known.details() != null) {
        body.put("details", new JsonObject(new LinkedHashMap<String, Object>(known.details())));
      }
    } else {
      body.put("error", MESSAGES.getOrDefault(status, status >= 500 ? "Internal server error" : "Bad request"));
    }
    if (status == 500) {
      LOG.error("unhandled failure", failure);
    }
    if (status == 405) {
      response.putHeader("Allow", allowed);
    }
    if (status == 503) {
      response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    response.setStatusCode(status);
    Responses.sendJson(response, body.toBuffer());
  }

  /**
   * Requests the HTTP codec could not parse (request line or headers too long, malformed) never reach
   * the router. Vert.x's default answers them with an empty body and no request id; this gives them
   * the contract's JSON error and a fresh X-Request-ID, with the same statuses (414, 431, 400).
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    String message = status == 414 ? "Request URI too long"
        : status == 431 ? "Request header fields too large" : "Bad request";
    HttpServerResponse response = request.response()
        .setStatusCode(status)
        .putHeader(RequestIds.HEADER, RequestIds.generate())
        .putHeader(HttpHeaders.CONNECTION, "close");
    Responses.sendJson(response, new JsonObject().put("error", message).toBuffer());
  }

  private static int statusOf(RoutingContext ctx, Throwable failure) {
    if (failure != null) {
      return status(failure);
    }
    int status = ctx.statusCode();
    return status >= 400 ? status : 500;
  }
}
