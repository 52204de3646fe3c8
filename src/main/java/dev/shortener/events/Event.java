package dev.shortener.events;

import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;

public record Event(long id, Long urlId, Long userId, String eventType, LocalDateTime timestamp, Object details) {
  static final String COLUMNS = "id, url_id, user_id, event_type, timestamp, details";

  static Event from(Row row) {
    return new Event(row.getLong(0), row.getLong(1), row.getLong(2), row.getString(3), row.getLocalDateTime(4),
        row.getValue(5));
  }
}
