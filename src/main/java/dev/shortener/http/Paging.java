package dev.shortener.http;


/**
 * Paging of every list: {@code page}/{@code per_page} (offset), {@code cursor} (keyset: id &gt; cursor),
 * or nothing at all (the whole collection, streamed).
 */
public record Paging(long limit, long offset, Long cursor) {
  public static final int DEFAULT_PER_PAGE = 20;
  public static final int MAX_PER_PAGE = 1000;
  /**
   * Deepest row an offset page may reach. PostgreSQL reads and discards every skipped row, so
   * page 10,000 of 1,000 costs a scan of ten million rows per request; keyset paging does not.
   */
  public static final long MAX_OFFSET_ROWS = 10_000;
  private static final Paging ALL = new Paging(-1, 0, null);

  public boolean all() {
    return limit < 0;
  }

  /**
   * Reads the paging parameters, then validates every parameter read so far through {@code query}
   * (filters included). {@code cursorAlias} is an extra name accepted for {@code cursor}, or null:
   * the original service's {@code page_num} on /urls was keyset paging (rows with id &gt; N), so an
   * old client paging by the last id it saw must get exactly that, not a page number.
   */
  public static Paging from(QueryParams query, String cursorAlias) {
    Long page = query.longValue("page");
    Long perPage = query.longValue("per_page");
    Long cursor = query.longValue("cursor");
    if (cursor == null && cursorAlias != null) {
      cursor = query.longValue(cursorAlias);
    }
    if (perPage != null && perPage < 1) {
      query.reject("per_page", "must be between 1 and " + MAX_PER_PAGE);
    }
    query.validate();
    if (page == null && perPage == null && cursor == null) {
      return ALL;
    }
    long limit = perPage == null ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
    if (cursor != null) {
      return new Paging(limit, 0, cursor);
    }
    long pageNumber = page == null || page < 1 ? 1 : page;
    if (pageNumber > MAX_OFFSET_ROWS / limit) {
      query.reject("page", "page x per_page must be at most " + MAX_OFFSET_ROWS
          + " rows; page deeper with cursor (rows with id > the last id seen)");
      query.validate();
    }
    return new Paging(limit, (pageNumber - 1) * limit, null);
  }
}
