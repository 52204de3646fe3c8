package dev.shortener.users;

import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;

public record User(long id, String username, String email, LocalDateTime createdAt) {
  static final String COLUMNS = "id, username, email, created_at";

  static User from(Row row) {
    return new User(row.getLong(0), row.getString(1), row.getString(2), row.getLocalDateTime(3));
  }
}
