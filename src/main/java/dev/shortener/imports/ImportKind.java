package dev.shortener.imports;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One kind of file: its header rules, the staging table its checked rows are copied into, and the
 * statements that move them into the real table (skipping rows that exist, moving sequences past).
 */
interface ImportKind {
  /** "users", "urls", "events": names the staging table and the file in progress lines. */
  String name();

  /** Checks the header (throws {@link BadLine} for line 1). */
  void header(CsvInput csv);

  /** Column definitions of the staging table, after {@code line bigint}. */
  String stagingColumns();

  /** The staging values of one record, in {@link #stagingColumns()} order; throws {@link BadLine}. */
  Object[] row(CsvInput.Line line);

  /** Moves the staged rows into place; returns how many were inserted. */
  long finish(Connection conn) throws SQLException;

  default String staging() {
    return "import_" + name();
  }
}
