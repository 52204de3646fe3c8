package dev.shortener.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shortener.clicks.ClickEnrichment;
import dev.shortener.clicks.ClickImport;
import dev.shortener.config.AppConfig;
import dev.shortener.events.EventValidation;
import dev.shortener.validation.Timestamps;
import dev.shortener.validation.Text;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The original service's {@code id,url_id,user_id,event_type,timestamp,details} ({@code details} a
 * JSON object as a string). A url_id or user_id that names no row is written as null, as ON DELETE
 * SET NULL left such events (events have real foreign keys again since V20).
 *
 * <p>Clicks ({@code redirect} or {@code click} events of a link that exists) go to the click log
 * instead, enriched and rolled up like the click writer's ({@link ClickImport}), so they count in
 * stats and exports; GET /events lists them as {@code redirect} events, as it does served clicks.
 * A click whose id is an imported {@code redirect} in {@code events} (from an import before V61) is
 * moved to the log: importing the same file again brings such history into the stats, once.
 */
final class EventImport implements ImportKind {
  private static final String EXPECTED = "id,url_id,user_id,event_type,timestamp,details";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLICK_KINDS = "('redirect', 'click')";

  /** References to rows that are gone are written as null, so the foreign keys hold; existing ids are skipped. */
  private static final String MOVE = """
      INSERT INTO events (id, url_id, user_id, event_type, timestamp, details)
      SELECT COALESCE(s.id, nextval(pg_get_serial_sequence('events', 'id'))),
             (SELECT u.id FROM urls u WHERE u.id = s.url_id),
             (SELECT us.id FROM users us WHERE us.id = s.user_id),
             s.event_type, COALESCE(s.timestamp, now() AT TIME ZONE 'utc'), s.details
      FROM import_events s
      -- clicks share the events' ids (event_log lists both): an id a click has is taken as well
      WHERE (s.id IS NULL OR NOT EXISTS (SELECT 1 FROM clicks c WHERE c.id = s.id))
        AND NOT (s.click AND EXISTS (SELECT 1 FROM urls u WHERE u.id = s.url_id))
      ORDER BY s.line
      ON CONFLICT DO NOTHING""";

  /** The log's daily partitions for the imported clicks' days (history is older than the ones made ahead). */
  private static final String PARTITIONS = """
      SELECT clicks_partition(d)
      FROM (SELECT DISTINCT COALESCE(timestamp, now() AT TIME ZONE 'utc')::date AS d FROM import_events WHERE click) t""";

  private static final String MOVED = """
      CREATE TEMP TABLE import_moved_clicks (url_id bigint, at timestamp(6), referrer_host text, browser text, os text,
                                             device text, bot boolean, visitor text) ON COMMIT DROP""";

  /**
   * Clicks of existing links into the log, ids kept: the first row of an id in the file, unless the
   * id is taken by a click or by an event that is not a click; an imported {@code redirect} event
   * with that id leaves {@code events} for the log. What moved is kept for the rollups.
   */
  private static final String MOVE_CLICKS = """
      WITH moved AS (
        INSERT INTO clicks (id, at, url_id, user_id, short_code, referrer, user_agent, referrer_host, browser, os,
                            device, bot, country, visitor)
        SELECT COALESCE(s.id, nextval('events_id_seq')), COALESCE(s.timestamp, now() AT TIME ZONE 'utc'), u.id,
               COALESCE((SELECT us.id FROM users us WHERE us.id = s.user_id), u.user_id),
               left(COALESCE(NULLIF(s.code, ''), u.short_code), 32), left(s.referrer, 512), left(s.user_agent, 512),
               left(s.referrer_host, 255), left(s.browser, 100), left(s.os, 100), s.device, s.bot, NULL, s.visitor
        FROM (SELECT *, row_number() OVER (PARTITION BY id ORDER BY line) AS nth FROM import_events WHERE click) s
        JOIN urls u ON u.id = s.url_id
        WHERE s.id IS NULL
           OR s.nth = 1
              AND NOT EXISTS (SELECT 1 FROM clicks c WHERE c.id = s.id)
              AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id AND lower(e.event_type) NOT IN %1$s)
        ORDER BY s.line
        RETURNING id, url_id, at, referrer_host, browser, os, device, bot, visitor
      ), replaced AS (
        DELETE FROM events e USING moved m WHERE e.id = m.id
      )
      INSERT INTO import_moved_clicks
      SELECT url_id, at, referrer_host, browser, os, device, bot, visitor FROM moved""".formatted(CLICK_KINDS);

  private final Supplier<ClickEnrichment> enrichment;
  /** Made at the first click of the file (the shell's import loads its user-agent parser only then). */
  private ClickImport clickImport;

  EventImport(Supplier<ClickEnrichment> enrichment) {
    this.enrichment = enrichment;
  }

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
    return "id bigint, url_id bigint, user_id bigint, event_type text, timestamp timestamp(6), details jsonb,"
        + " click boolean, code text, referrer text, user_agent text, referrer_host text, browser text, os text,"
        + " device text, bot boolean, visitor text";
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
    LocalDateTime at = line.timestamp("timestamp");
    JsonNode details = details(line);
    String encoded = details == null ? null : details.toString();
    if (!CLICK_KINDS.contains("'" + type.toLowerCase(Locale.ROOT) + "'") || urlId == null) {
      return new Object[] {id, urlId, userId, type, at, encoded, false, null, null, null, null, null, null, null, null,
          null};
    }
    // a click: enriched now, while the row is at hand (the file is read once, as a stream)
    String referrer = text(details, "referrer");
    String agent = text(details, "user_agent");
    if (clickImport == null) {
      clickImport = ClickImport.create(enrichment.get());
    }
    ClickImport.Enriched e = clickImport.enrich(at == null ? Timestamps.now() : at, referrer, agent);
    return new Object[] {id, urlId, userId, type, at, encoded, true, text(details, "short_code"), referrer, agent,
        e.referrerHost(), e.browser(), e.os(), e.device(), e.bot(), e.visitor()};
  }

  /** A string member of the details, or null. */
  private static String text(JsonNode details, String field) {
    JsonNode value = details == null ? null : details.get(field);
    return value == null || value.isNull() ? null : value.isTextual() ? value.textValue() : value.toString();
  }

  /** A JSON object; empty is no details. */
  private static JsonNode details(CsvInput.Line line) {
    String raw = line.text("details");
    if (raw.isEmpty()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(raw);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw line.bad("details must be a JSON object");
  }

  @Override
  public long finish(Connection conn) throws SQLException {
    Importer.advanceSequence(conn, "events", staging());
    long events = Importer.update(conn, MOVE);
    if (clickImport == null) {
      return events; // no click in the file
    }
    Importer.execute(conn, PARTITIONS);
    Importer.execute(conn, MOVED);
    long moved = Importer.update(conn, MOVE_CLICKS);
    clickImport.rollUp(conn, "SELECT url_id, at, referrer_host, browser, os, device, bot, visitor"
        + " FROM import_moved_clicks ORDER BY url_id, at");
    return events + moved;
  }
}
