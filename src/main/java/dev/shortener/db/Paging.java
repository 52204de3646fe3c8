package dev.shortener.db;

/**
 * Paging of every list: a page by offset, keyset ({@code id > cursor}), or nothing at all (the whole
 * collection, streamed). The web layer reads it from the query string ({@code QueryParams#paging}).
 */
public record Paging(long limit, long offset, Long cursor) {
  public static final int DEFAULT_PER_PAGE = 20;
  public static final int MAX_PER_PAGE = 1000;
  public static final Paging ALL = new Paging(-1, 0, null);

  public boolean all() {
    return limit < 0;
  }

  /** A page of {@code perPage} rows (clamped to 1..{@link #MAX_PER_PAGE}; null: the default). */
  public static Paging of(Long page, Long perPage, Long cursor) {
    long limit = perPage == null ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
    if (cursor != null) {
      return new Paging(limit, 0, cursor);
    }
    long pageNumber = page == null || page < 1 ? 1 : page;
    long offset = (pageNumber - 1) > Long.MAX_VALUE / limit ? Long.MAX_VALUE : (pageNumber - 1) * limit;
    return new Paging(limit, offset, null);
  }
}
