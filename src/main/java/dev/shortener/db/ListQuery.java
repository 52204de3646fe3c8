package dev.shortener.db;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A list query over one table: equality filters on indexed columns, ordered by id, paged by offset
 * or keyset, or unbounded (streamed). Only the filters present make it into the SQL, so each
 * combination is its own prepared statement and keeps its index.
 */
public final class ListQuery {
  private final Database db;
  private final String select;
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  /** {@code select} is {@code SELECT <columns> FROM <table>}, run on {@code db}. */
  public ListQuery(Database db, String select) {
    this.db = db;
    this.select = select;
  }

  public Database db() {
    return db;
  }

  /** Adds {@code column = value} when value is not null. */
  public ListQuery where(String column, Object value) {
    if (value != null) {
      values.add(value);
      conditions.add(column + " = $" + values.size());
    }
    return this;
  }

  /**
   * Adds {@code value} as an element of the varchar array {@code column} when not null. The
   * {@code <> '{}'} adds nothing to the meaning; it lets a partial GIN index of the non-empty arrays
   * answer (V69: the index of tags leaves out the untagged links).
   */
  public ListQuery whereContains(String column, Object value) {
    if (value != null) {
      values.add(value);
      conditions.add(column + " <> '{}' AND " + column + " @> ARRAY[$" + values.size() + "::varchar]");
    }
    return this;
  }

  /**
   * Adds a case-insensitive substring match of {@code text} on any of {@code columns} when text is
   * not blank. It scans the rows in id order: keyset pages stop at their limit, so a page costs rows
   * read up to its last match, not the table.
   */
  public ListQuery containsAny(String text, String... columns) {
    if (text != null && !text.isBlank()) {
      values.add("%" + text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      String param = "$" + values.size();
      List<String> any = new ArrayList<>();
      for (String column : columns) {
        any.add(column + " ILIKE " + param);
      }
      conditions.add("(" + String.join(" OR ", any) + ")");
    }
    return this;
  }

  public String sql(Paging paging) {
    List<String> all = new ArrayList<>(conditions);
    int next = values.size() + 1;
    if (paging.cursor() != null) {
      all.add("id > $" + next++);
    }
    StringBuilder sql = new StringBuilder(select);
    if (!all.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", all));
    }
    sql.append(" ORDER BY id");
    if (!paging.all()) {
      sql.append(" LIMIT $").append(next++).append(" OFFSET $").append(next);
    }
    return sql.toString();
  }

  public Tuple args(Paging paging) {
    Tuple tuple = Tuple.tuple(new ArrayList<>(values));
    if (paging.cursor() != null) {
      tuple.addLong(paging.cursor());
    }
    if (!paging.all()) {
      tuple.addLong(paging.limit()).addLong(paging.offset());
    }
    return tuple;
  }
}
