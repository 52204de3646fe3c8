package dev.shortener.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shortener.events.EventValidation;
import dev.shortener.validation.Text;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * The original service's {@code id,url_id,user_id,event_type,timestamp,details} ({@code details} a
 * JSON object as a string). A url_id or user_id that names no row is written as null, as ON DELETE
 * SET NULL left such events (events have real foreign keys again since V20). Every row, redirects
 * included, goes to {@code events}: imported redirects are listed by GET /events but are not in the
 * click log, so they do not count in stats.
 */
final class EventImport implements ImportKind {
  private static final String EXPECTED = "id,url_id,user_id,event_type,timestamp,details";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** References to rows that are gone are written as null, so the foreign keys hold; existing ids are skipped. */
  private static final String MOVE = """
      INSERT INTO events (id, url_id, user_id, event_type, timestamp, details)
      SELECT COALESCE(s.id, nextval(pg_get_serial_sequence('events', 'id'))),
             (SELECT u.id FROM urls u WHERE u.id = s.url_id),
             (SELECT us.id FROM users us WHERE us.id = s.user_id),
             s.event_type, COALESCE(s.timestamp, now() AT TIME ZONE 'utc'), s.details
      FROM import_events s
      -- clicks share the events' ids (event_log lists both): an id a click has is taken as well
      WHERE s.id IS NULL OR NOT EXISTS (SELECT 1 FROM clicks c WHERE c.id = s.id)
      ORDER BY s.line
      ON CONFLICT DO NOTHING""";

  @Override
  public String name() {
    return "events";
  }

  @Override
  public void header(CsvInput csv) {
    csv.requireColumns(Set.of("id", "url_id", "user_id", "event_type", "timestamp", "details"),
        Set.of("event_type"), EXPECTED);
  }

  @Override
  public String stagingColumns() {
    return "id bigint, url_id bigint, user_id bigint, event_type text, timestamp timestamp(6), details jsonb";
  }

  @Override
  public Object[] row(CsvInput.Line line) {
    Long id = line.id("id");
    Long urlId = line.id("url_id");
    Long userId = line.id("user_id");
    String type = line.text("event_type");
    if (type.isEmpty() || type.length() > EventValidation.TYPE_MAX || Text.hasControlCharacters(type)) {
      throw line.bad("event_type must be 1 to " + EventValidation.TYPE_MAX + " characters");
    }
    return new Object[] {id, urlId, userId, type, line.timestamp("timestamp"), details(line)};
  }

  /** A JSON object, re-encoded compactly; empty is no details. */
  private static String details(CsvInput.Line line) {
    String raw = line.text("details");
    if (raw.isEmpty()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(raw);
      if (node != null && node.isObject()) {
        return JSON.writeValueAsString(node);
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw line.bad("details must be a JSON object");
  }

  @Override
  public long finish(Connection conn) throws SQLException {
    Importer.advanceSequence(conn, "events", staging());
    return Importer.update(conn, MOVE);
  }
}
