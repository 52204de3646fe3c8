package dev.shortener.urls;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;

public record ShortUrl(
    long id,
    long userId,
    String shortCode,
    String originalUrl,
    String title,
    boolean isActive,
    LocalDateTime createdAt,
    LocalDateTime updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) LocalDateTime expiresAt) {

  static final String COLUMNS =
      "id, user_id, short_code, original_url, title, is_active, created_at, updated_at, expires_at";

  static ShortUrl from(Row row) {
    return new ShortUrl(row.getLong(0), row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
        row.getBoolean(5), row.getLocalDateTime(6), row.getLocalDateTime(7), row.getLocalDateTime(8));
  }
}
