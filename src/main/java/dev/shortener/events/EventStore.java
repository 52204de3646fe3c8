package dev.shortener.events;

import dev.shortener.db.Database;
import dev.shortener.db.ListQuery;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** SQL for events written through the API. */
final class EventStore {
  private static final String INSERT = """
      INSERT INTO events (url_id, user_id, event_type, timestamp, details) VALUES ($1, $2, $3, $4, $5)
      RETURNING %s""".formatted(Event.COLUMNS);

  private static final String FIND = "SELECT " + Event.COLUMNS + " FROM events WHERE id = $1";

  private static final String UPDATE = """
      UPDATE events SET
        url_id     = COALESCE($2, url_id),
        user_id    = COALESCE($3, user_id),
        event_type = COALESCE($4, event_type),
        details    = COALESCE($5, details)
      WHERE id = $1
      RETURNING %s""".formatted(Event.COLUMNS);

  private final Database db;

  EventStore(Database db) {
    this.db = db;
  }

  Database db() {
    return db;
  }

  Future<Event> insert(EventValidation.Fieldset event) {
    return db.query(INSERT, Tuple.of(event.urlId(), event.userId(), event.eventType(), Timestamps.now(),
        event.details())).map(EventStore::firstOrNull);
  }

  Future<Event> find(long id) {
    return db.query(FIND, Tuple.of(id)).map(EventStore::firstOrNull);
  }

  Future<Event> update(long id, EventValidation.Fieldset changes) {
    return db.query(UPDATE, Tuple.of(id, changes.urlId(), changes.userId(), changes.eventType(), changes.details()))
        .map(EventStore::firstOrNull);
  }

  ListQuery list(Long urlId, Long userId, String eventType) {
    return new ListQuery("SELECT " + Event.COLUMNS + " FROM events")
        .where("url_id", urlId)
        .where("user_id", userId)
        .where("event_type", eventType);
  }

  private static Event firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Event.from(rows.iterator().next());
  }
}
