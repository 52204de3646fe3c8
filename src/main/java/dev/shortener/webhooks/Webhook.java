package dev.shortener.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;
import java.util.List;

/** An endpoint as the API shows it; {@code secret} only in the answer to its creation. */
public record Webhook(
    long id,
    Long userId,
    String url,
    List<String> events,
    boolean active,
    int consecutiveFailures,
    LocalDateTime createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

  static final String COLUMNS = "id, user_id, url, events, active, consecutive_failures, created_at";

  static Webhook from(Row row) {
    return new Webhook(row.getLong(0), row.getLong(1), row.getString(2), List.of(row.getArrayOfStrings(3)),
        row.getBoolean(4), row.getInteger(5), row.getLocalDateTime(6), null);
  }

  Webhook withSecret(String secret) {
    return new Webhook(id, userId, url, events, active, consecutiveFailures, createdAt, secret);
  }
}
