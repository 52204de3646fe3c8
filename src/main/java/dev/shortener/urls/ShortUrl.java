package dev.shortener.urls;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shortener.config.AppConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/** A URL as the API shows it; {@code shortUrl} is derived from the configured public base URL. */
public record ShortUrl(
    long id,
    long userId,
    String shortCode,
    String originalUrl,
    String title,
    boolean isActive,
    LocalDateTime createdAt,
    LocalDateTime updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) LocalDateTime expiresAt,
    String shortUrl,
    int redirectStatus,
    List<String> tags,
    boolean passwordProtected,
    Integer maxVisits,
    JsonArray rules) {

  static final String COLUMNS =
      "id, user_id, short_code, original_url, title, is_active, created_at, updated_at, expires_at, redirect_status, tags,"
          + " password_hash IS NOT NULL, max_visits, rules";

  static ShortUrl from(Row row, AppConfig.Links links) {
    String code = row.getString(2);
    Short status = row.getShort(9);
    return new ShortUrl(row.getLong(0), row.getLong(1), code, row.getString(3), row.getString(4),
        row.getBoolean(5), row.getLocalDateTime(6), row.getLocalDateTime(7), row.getLocalDateTime(8),
        shortUrl(links, code), status == null ? links.redirectStatus() : status,
        Arrays.asList(row.getArrayOfStrings(10)), row.getBoolean(11), row.getInteger(12),
        row.getValue(13) instanceof JsonArray rules ? rules : new JsonArray());
  }

  /** {@code PUBLIC_BASE_URL/code}: what a QR code encodes and what people share. */
  public static String shortUrl(AppConfig.Links links, String code) {
    return links.publicBaseUrl() + "/" + code;
  }
}
