package dev.shortener.http;

import dev.shortener.db.Paging;
import dev.shortener.errors.Failure;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Typed query parameters of one request. Malformed values are collected, so a request with several
 * bad parameters gets one 400 naming all of them ({@link #validate()}, called by {@link #paging}).
 */
public final class QueryParams {
  private final RoutingContext ctx;
  private final Map<String, String> errors = new LinkedHashMap<>();

  private QueryParams(RoutingContext ctx) {
    this.ctx = ctx;
  }

  public static QueryParams of(RoutingContext ctx) {
    return new QueryParams(ctx);
  }

  public Long longValue(String name) {
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

  public Boolean booleanValue(String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return null;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        errors.put(name, "must be true or false");
        yield null;
      }
    };
  }

  public String stringValue(String name) {
    return ctx.request().getParam(name);
  }

  public void reject(String name, String message) {
    errors.putIfAbsent(name, message);
  }

  /**
   * Reads the paging parameters ({@code page}/{@code per_page}, or {@code cursor}), then validates
   * every parameter read so far (filters included). {@code pageAlias} is an extra name accepted for
   * {@code page}, or null.
   */
  public Paging paging(String pageAlias) {
    Long page = longValue("page");
    if (page == null && pageAlias != null) {
      page = longValue(pageAlias);
    }
    Long perPage = longValue("per_page");
    Long cursor = longValue("cursor");
    if (perPage != null && perPage < 1) {
      reject("per_page", "must be between 1 and " + Paging.MAX_PER_PAGE);
    }
    validate();
    if (page == null && perPage == null && cursor == null) {
      return Paging.ALL;
    }
    return Paging.of(page, perPage, cursor);
  }

  public void validate() {
    if (!errors.isEmpty()) {
      throw Failure.validation(errors);
    }
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
    throw Failure.notFound(notFoundMessage);
  }
}
