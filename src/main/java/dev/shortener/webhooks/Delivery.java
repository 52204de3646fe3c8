package dev.shortener.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;

/** One event for one endpoint, as {@code GET /webhooks/{id}/deliveries} shows it. */
public record Delivery(
    String eventId,
    String type,
    int attempts,
    String status,
    Integer lastStatusCode,
    @JsonInclude(JsonInclude.Include.NON_NULL) String lastError,
    LocalDateTime createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) LocalDateTime deliveredAt) {

  static final String COLUMNS = "event_id, type, attempts, status, last_status_code, last_error, created_at, delivered_at";

  static Delivery from(Row row) {
    return new Delivery(row.getString(0), row.getString(1), row.getInteger(2), row.getString(3), row.getInteger(4),
        row.getString(5), row.getLocalDateTime(6), row.getLocalDateTime(7));
  }
}
