package dev.shortener.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Paging of every list: {@code page}/{@code per_page} (offset), {@code cursor} (keyset: id &gt; cursor),
 * or nothing at all (the whole collection, streamed).
 */
public record Paging(long limit, long offset, Long cursor) {
  public static final int DEFAULT_PER_PAGE = 20;
  public static final int MAX_PER_PAGE = 1000;
  private static final Paging ALL = new Paging(-1, 0, null);

  public boolean all() {
    return limit < 0;
  }

  /** Reads the paging parameters; {@code pageAlias} is an extra name accepted for {@code page}. */
  public static Paging from(RoutingContext ctx, String pageAlias) {
    Map<String, String> errors = new LinkedHashMap<>();
    Long page = QueryParams.longValue(ctx, "page", errors);
    if (page == null && pageAlias != null) {
      page = QueryParams.longValue(ctx, pageAlias, errors);
    }
    Long perPage = QueryParams.longValue(ctx, "per_page", errors);
    Long cursor = QueryParams.longValue(ctx, "cursor", errors);
    if (perPage != null && perPage < 1) {
      errors.put("per_page", "must be between 1 and " + MAX_PER_PAGE);
    }
    if (!errors.isEmpty()) {
      throw ApiException.validation(errors);
    }
    if (page == null && perPage == null && cursor == null) {
      return ALL;
    }
    long limit = perPage == null ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
    if (cursor != null) {
      return new Paging(limit, 0, cursor);
    }
    long pageNumber = page == null || page < 1 ? 1 : page;
    long offset = (pageNumber - 1) > Long.MAX_VALUE / limit ? Long.MAX_VALUE : (pageNumber - 1) * limit;
    return new Paging(limit, offset, null);
  }
}
