package dev.shortener.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Typed query parameters; a malformed value is recorded in {@code errors} for one 400 answer. */
public final class QueryParams {
  private QueryParams() {}

  public static Long longValue(RoutingContext ctx, String name, Map<String, String> errors) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return null;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      errors.put(name, "must be an integer");
      return null;
    }
  }

  public static Boolean booleanValue(RoutingContext ctx, String name, Map<String, String> errors) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return null;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        errors.put(name, "must be true or false");
        yield null;
      }
    };
  }

  public static String stringValue(RoutingContext ctx, String name) {
    return ctx.request().getParam(name);
  }

  /** A numeric path id; anything else names no resource, so it is that resource's 404. */
  public static long pathId(RoutingContext ctx, String notFoundMessage) {
    String raw = ctx.pathParam("id");
    try {
      long id = Long.parseLong(raw);
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // not an id
    }
    throw ApiException.notFound(notFoundMessage);
  }
}
