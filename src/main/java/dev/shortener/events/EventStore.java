package dev.shortener.events;

import dev.shortener.db.Database;
import dev.shortener.errors.Failure;
import dev.shortener.db.ListQuery;
import dev.shortener.db.Ownership;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * SQL for events. API events live in {@code events}, with foreign keys (a URL or user they name must
 * exist: checked up front for a clear 404, and by the keys against a delete racing the check);
 * redirect clicks live in the {@code clicks} log. Reads go through the {@code event_log} view, which
 * lists both by id.
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

  private static final String FIND = "SELECT " + Event.COLUMNS + " FROM event_log WHERE id = $1 AND "
      + Ownership.ownedBy("user_id", 2);

  /**
   * An event edited through the API stops being a click of the append-only log: it moves, with its
   * id and its details as listed, into events, where PUT changes it like any other. Its click stays
   * counted in the rollups (the click did happen). A no-op for an id that is not a click (or not
   * the caller's, owner in $2).
   */
  private static final String MOVE_CLICK = """
      WITH moved AS (DELETE FROM clicks WHERE id = $1 AND %s RETURNING id)
      INSERT INTO events (id, url_id, user_id, event_type, timestamp, details)
      SELECT l.id, l.url_id, l.user_id, l.event_type, l.timestamp, l.details
      FROM event_log l JOIN moved ON moved.id = l.id""".formatted(Ownership.ownedBy("user_id", 2));

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
    Tuple args = Tuple.of(event.urlId(), event.userId(), event.eventType(), event.details(), Timestamps.now(), owner);
    return Database.retryingDeadlocks(() -> db.query(INSERT, args)).map(EventStore::written);
  }

  Future<Event> find(long id, Long owner) {
    return db.query(FIND, Tuple.of(id, owner)).map(EventStore::firstOrNull);
  }

  /** Null when there is no such event. */
  Future<Event> update(long id, Long owner, EventValidation.Fieldset changes) {
    Tuple args = Tuple.of(changes.urlId(), changes.userId(), changes.eventType(), changes.details(), id, owner);
    boolean references = changes.urlId() != null || changes.userId() != null;
    return Database.retryingDeadlocks(() -> db.transaction(conn -> conn.preparedQuery(MOVE_CLICK)
            .execute(Tuple.of(id, owner))
            .compose(moved -> conn.preparedQuery(references ? UPDATE_REFERENCES : UPDATE).execute(args))))
        .map(rows -> references ? written(rows) : firstOrNull(rows));
  }

  /** The row of an INSERT or UPDATE that checked references; 404 for what it names that is gone. */
  private static Event written(RowSet<Row> rows) {
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
  }

  /** Clicks are only ever {@code redirect} events: a list of any other type reads events alone. */
  ListQuery list(Long owner, Long urlId, Long userId, String eventType) {
    String source = eventType == null || eventType.equals("redirect") ? "event_log" : "events";
    return new ListQuery(db, "SELECT " + Event.COLUMNS + " FROM " + source)
        .where("user_id", owner)
        .where("url_id", urlId)
        .where("user_id", userId)
        .where("event_type", eventType);
  }

  private static Event firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Event.from(rows.iterator().next());
  }
}
