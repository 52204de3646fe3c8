package dev.shortener.imports;

import dev.shortener.urls.ShortCodes;
import dev.shortener.validation.TargetUrls;
import dev.shortener.urls.UrlEvents;
import dev.shortener.urls.UrlValidation;
import dev.shortener.validation.Text;
import dev.shortener.validation.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Links, in two forms. The original service's {@code urls.csv}
 * ({@code id,user_id,short_code,original_url,title,is_active,created_at,updated_at}, plus an
 * optional {@code expires_at}) keeps ids, owners and timestamps: a migration, so no {@code created}
 * events (the events file has them). A plain list (header {@code original_url} plus any of
 * {@code short_code,title,tags,expires_at}, no {@code user_id} column) creates links for one owner
 * as {@code POST /urls} would, each with its {@code created} event.
 */
final class UrlImport implements ImportKind {
  private static final Set<String> ORIGINAL = Set.of("id", "user_id", "short_code", "original_url", "title",
      "is_active", "created_at", "updated_at", "expires_at");
  private static final Set<String> PLAIN = Set.of("original_url", "short_code", "title", "tags", "expires_at");
  private static final Pattern TAG = Pattern.compile("[a-z0-9_-]{1,50}");
  private static final int MAX_TAGS = 10;

  private static final String UNKNOWN_OWNER = """
      SELECT s.line, 'user_id ' || s.user_id || ' names no user'
      FROM import_urls s
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)
      ORDER BY s.line
      LIMIT 1""";

  /** Rows whose id or short code exist already (or earlier in the file) are skipped. */
  private static final String MOVE = """
      INSERT INTO urls (id, user_id, short_code, original_url, title, is_active, expires_at, created_at, updated_at)
      SELECT COALESCE(s.id, nextval(pg_get_serial_sequence('urls', 'id'))), s.user_id, s.short_code,
             s.original_url, s.title, s.is_active, s.expires_at,
             COALESCE(s.created_at, now() AT TIME ZONE 'utc'),
             COALESCE(s.updated_at, s.created_at, now() AT TIME ZONE 'utc')
      FROM import_urls s
      ORDER BY s.line
      ON CONFLICT DO NOTHING""";

  /** Locks the owner like a create does: a concurrent delete of the user waits for this import. */
  private static final String LOCK_OWNER = "SELECT id FROM users WHERE id = ? FOR KEY SHARE";

  private static final String CREATE = """
      WITH created AS (
        INSERT INTO urls (user_id, short_code, original_url, title, tags, expires_at, created_at, updated_at)
        SELECT ?, s.short_code, s.original_url, s.title, COALESCE(s.tags, '{}')::varchar(50)[], s.expires_at,
               now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc'
        FROM import_urls s
        ORDER BY s.line
        ON CONFLICT DO NOTHING
        RETURNING *
      ), %s
      SELECT count(*) FROM created""".formatted(UrlEvents.CREATED);

  /** The owner of a plain list ({@code ?user_id=} or the caller); null when there is none. */
  private final Long owner;
  /** The service's public host: a target there would redirect to itself. */
  private final String ownHost;
  private boolean plain;

  UrlImport(Long owner, String ownHost) {
    this.owner = owner;
    this.ownHost = ownHost;
  }

  /** Raised when the plain list's owner does not exist. */
  static final class UnknownOwner extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownOwner() {
      super("User not found", null, false, false);
    }
  }

  @Override
  public String name() {
    return "urls";
  }

  @Override
  public void header(CsvInput csv) {
    plain = !csv.has("user_id");
    if (plain) {
      csv.requireColumns(PLAIN, Set.of("original_url"), "original_url plus any of short_code,title,tags,expires_at,"
          + " or id,user_id,short_code,original_url,title,is_active,created_at,updated_at");
      if (owner == null) {
        throw new BadLine(1, "a list without a user_id column needs its owner as ?user_id=");
      }
    } else {
      csv.requireColumns(ORIGINAL, Set.of("user_id", "short_code", "original_url"),
          "id,user_id,short_code,original_url,title,is_active,created_at,updated_at");
    }
  }

  @Override
  public String stagingColumns() {
    return "id bigint, user_id bigint, short_code text, original_url text, title text, is_active boolean,"
        + " expires_at timestamp(6), created_at timestamp(6), updated_at timestamp(6), tags text[]";
  }

  @Override
  public Object[] row(CsvInput.Line line) {
    String code = line.text("short_code");
    if (code.isEmpty() && plain) {
      code = ShortCodes.next();
    } else {
      line.check("short_code", code.isEmpty() ? "is required" : UrlValidation.customCodeProblem(code));
    }
    String url = line.text("original_url");
    line.check("original_url", url.isEmpty() ? "is required" : TargetUrls.problem(url, ownHost));
    String title = line.text("title");
    if (title.length() > UrlValidation.TITLE_MAX || Text.hasControlCharacters(title)) {
      throw line.bad("title must be at most " + UrlValidation.TITLE_MAX + " characters, without control characters");
    }
    LocalDateTime expiresAt = line.timestamp("expires_at");
    if (plain) {
      if (expiresAt != null && !expiresAt.isAfter(Timestamps.now())) {
        throw line.bad("expires_at must be in the future");
      }
      // an array literal: tags are [a-z0-9_-] only, so they need no quoting inside it
      String tags = "{" + String.join(",", tags(line)) + "}";
      return new Object[] {null, owner, code, url, title, true, expiresAt, null, null, tags};
    }
    return new Object[] {line.id("id"), line.requiredId("user_id"), code, url, title, line.bool("is_active", true),
        expiresAt, line.timestamp("created_at"), line.timestamp("updated_at"), null};
  }

  /** Up to 10 tags of 1..50 {@code [a-z0-9_-]}, separated by commas, semicolons or spaces. */
  private static Set<String> tags(CsvInput.Line line) {
    String raw = line.text("tags").toLowerCase(Locale.ROOT);
    Set<String> tags = new LinkedHashSet<>();
    for (String tag : raw.split("[,; ]+")) {
      if (tag.isEmpty()) {
        continue;
      }
      if (!TAG.matcher(tag).matches()) {
        throw line.bad("tag '" + tag + "' must be 1 to 50 characters of a-z, 0-9, '_' or '-'");
      }
      tags.add(tag);
    }
    if (tags.size() > MAX_TAGS) {
      throw line.bad("tags: at most " + MAX_TAGS);
    }
    return tags;
  }

  @Override
  public long finish(Connection conn) throws SQLException {
    if (!plain) {
      Importer.failOnFirst(conn, UNKNOWN_OWNER);
      Importer.advanceSequence(conn, "urls", staging());
      return Importer.update(conn, MOVE);
    }
    try (PreparedStatement lock = conn.prepareStatement(LOCK_OWNER)) {
      lock.setLong(1, owner);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          throw new UnknownOwner();
        }
      }
    }
    try (PreparedStatement create = conn.prepareStatement(CREATE)) {
      create.setLong(1, owner);
      try (ResultSet rs = create.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
