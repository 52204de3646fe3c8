package dev.shortener.events;

import dev.shortener.db.Database;
import dev.shortener.db.EventReferences;
import dev.shortener.errors.Failure;
import dev.shortener.db.ListQuery;
import dev.shortener.db.Ownership;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * SQL for events written through the API. A URL or user they name must exist: checked under the
 * shared {@link EventReferences} lock, in the statement that writes.
 */
final class EventStore {
  /**
   * Whether the URL and user named by parameters $1 and $2 exist (for a user key: the URL is its
   * user's, owner in $6); a null id names nothing and passes.
   */
  private static final String REFERENCES = """
      refs AS (
        SELECT ($1::bigint IS NULL OR EXISTS (SELECT 1 FROM urls WHERE id = $1 AND %s)) AS url_found,
               ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $2)) AS user_found
      )""".formatted(Ownership.ownedBy("user_id", 6));

  /** The written row's columns in {@link Event#from} order, then whether each named row was found. */
  private static final String RESULT = "SELECT written." + Event.COLUMNS.replace(", ", ", written.")
      + ", refs.url_found, refs.user_found, %s AS event_found FROM refs LEFT JOIN written ON true";

  private static final String INSERT = """
      WITH %s, written AS (
        INSERT INTO events (url_id, user_id, event_type, timestamp, details)
        SELECT $1, $2, $3::varchar, $5::timestamp, $4::jsonb FROM refs WHERE url_found AND user_found
        RETURNING *
      )
      %s""".formatted(REFERENCES, RESULT.formatted("true"));

  private static final String FIND = "SELECT " + Event.COLUMNS + " FROM events WHERE id = $1 AND "
      + Ownership.ownedBy("user_id", 2);

  private static final String UPDATE_FIELDS = """
        url_id     = COALESCE($1, url_id),
        user_id    = COALESCE($2, user_id),
        event_type = COALESCE($3, event_type),
        details    = COALESCE($4, details)""";

  /** Without new ids there is nothing to check or lock. */
  private static final String UPDATE = """
      UPDATE events SET
      %s
      WHERE id = $5 AND %s
      RETURNING %s""".formatted(UPDATE_FIELDS, Ownership.ownedBy("user_id", 6), Event.COLUMNS);

  private static final String UPDATE_REFERENCES = """
      WITH %s, written AS (
        UPDATE events SET
        %s
        FROM refs WHERE id = $5 AND %s AND url_found AND user_found
        RETURNING events.*
      )
      %s""".formatted(REFERENCES, UPDATE_FIELDS, Ownership.ownedBy("events.user_id", 6),
      RESULT.formatted("EXISTS (SELECT 1 FROM events WHERE id = $5 AND " + Ownership.ownedBy("user_id", 6) + ")"));

  private final Database db;

  EventStore(Database db) {
    this.db = db;
  }

  Future<Event> insert(EventValidation.Fieldset event, Long owner) {
    return writeReferences(INSERT,
        Tuple.of(event.urlId(), event.userId(), event.eventType(), event.details(), Timestamps.now(), owner));
  }

  Future<Event> find(long id, Long owner) {
    return db.query(FIND, Tuple.of(id, owner)).map(EventStore::firstOrNull);
  }

  /** Null when there is no such event. */
  Future<Event> update(long id, Long owner, EventValidation.Fieldset changes) {
    Tuple args = Tuple.of(changes.urlId(), changes.userId(), changes.eventType(), changes.details(), id, owner);
    if (changes.urlId() == null && changes.userId() == null) {
      return db.query(UPDATE, args).map(EventStore::firstOrNull);
    }
    return writeReferences(UPDATE_REFERENCES, args);
  }

  /** Runs an INSERT or UPDATE of references under the shared lock; 404 for what it names that is gone. */
  private Future<Event> writeReferences(String sql, Tuple args) {
    return EventReferences.writing(db, conn -> conn.preparedQuery(sql).execute(args))
        .map(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("event_found")) {
            return null;
          }
          if (!row.getBoolean("url_found")) {
            throw Failure.notFound("URL not found");
          }
          if (!row.getBoolean("user_found")) {
            throw Failure.notFound("User not found");
          }
          return Event.from(row);
        });
  }

  ListQuery list(Long owner, Long urlId, Long userId, String eventType) {
    return new ListQuery(db, "SELECT " + Event.COLUMNS + " FROM events")
        .where("user_id", owner)
        .where("url_id", urlId)
        .where("user_id", userId)
        .where("event_type", eventType);
  }

  private static Event firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Event.from(rows.iterator().next());
  }
}
