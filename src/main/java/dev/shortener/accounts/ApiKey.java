package dev.shortener.accounts;

import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;
import java.util.List;

/** A stored API key as {@code GET /api-keys} shows it: never the key itself. */
public record ApiKey(
    long id,
    String name,
    Long userId,
    List<String> scopes,
    String prefix,
    LocalDateTime createdAt,
    LocalDateTime expiresAt,
    LocalDateTime lastUsedAt) {

  static final String COLUMNS = "id, name, user_id, scopes, prefix, created_at, expires_at, last_used_at";

  public static ApiKey from(Row row) {
    return new ApiKey(row.getLong(0), row.getString(1), row.getLong(2), List.of(row.getArrayOfStrings(3)),
        row.getString(4), row.getLocalDateTime(5), row.getLocalDateTime(6), row.getLocalDateTime(7));
  }

  /** The answer to {@code POST /api-keys}: the only time {@code key} is ever shown. */
  public record Created(
      long id,
      String name,
      Long userId,
      List<String> scopes,
      String prefix,
      String key,
      LocalDateTime createdAt,
      LocalDateTime expiresAt,
      LocalDateTime lastUsedAt) {

    static Created of(ApiKey stored, String key) {
      return new Created(stored.id(), stored.name(), stored.userId(), stored.scopes(), stored.prefix(), key,
          stored.createdAt(), stored.expiresAt(), stored.lastUsedAt());
    }
  }
}
