package dev.shortener.urls;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shortener.config.AppConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

  /**
   * A {@code urls} row as the webhook outbox stored it (column names; timestamps as PostgreSQL's
   * JSON writes them, or as the API does in rows stored before V61): the same object GET /urls/{id}
   * answers, so a webhook payload and the API share one shape and one encoder.
   */
  public static ShortUrl fromStored(JsonObject row, AppConfig.Links links) {
    String code = row.getString("short_code");
    Integer status = row.getInteger("redirect_status");
    JsonArray tags = row.getJsonArray("tags");
    JsonArray rules = row.getJsonArray("rules");
    return new ShortUrl(row.getLong("id"), row.getLong("user_id"), code, row.getString("original_url"),
        row.getString("title"), Boolean.TRUE.equals(row.getBoolean("is_active")), time(row, "created_at"),
        time(row, "updated_at"), time(row, "expires_at"), shortUrl(links, code),
        status == null ? links.redirectStatus() : status,
        tags == null ? List.of() : tags.stream().map(String::valueOf).toList(),
        Boolean.TRUE.equals(row.getBoolean("password_protected")), row.getInteger("max_visits"),
        rules == null ? new JsonArray() : rules);
  }

  private static LocalDateTime time(JsonObject row, String column) {
    String value = row.getString(column);
    return value == null ? null : LocalDateTime.parse(value);
  }

  /** {@code PUBLIC_BASE_URL/code}: what a QR code encodes and what people share. */
  public static String shortUrl(AppConfig.Links links, String code) {
    return links.publicBaseUrl() + "/" + code;
  }
}
