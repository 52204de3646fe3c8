package dev.shortener.imports;

import dev.shortener.config.DatabaseUrl;
import dev.shortener.validation.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bulk import pipeline shared by every file kind, the HTTP routes and the shell command: the file
 * is read as a stream, each record checked and streamed into a temporary table with {@code COPY}
 * (so neither the JVM nor a statement holds the whole file), then moved into place by a few
 * set-based statements. The caller owns the transaction: a bad line anywhere leaves nothing behind.
 */
final class Importer {
  /** How many rows the file had and how many were inserted (the rest existed already). */
  record Imported(long count, long imported) {
    long skipped() {
      return count - imported;
    }
  }

  private static final int COPY_CHUNK_CHARS = 64 * 1024;
  /** Unquoted empty is NULL, everything else quoted: what COPY (FORMAT csv) reads back exactly. */
  private static final CSVFormat COPY_FORMAT = CSVFormat.POSTGRESQL_CSV;

  private Importer() {}

  static Connection connect(DatabaseUrl url) throws SQLException {
    Connection conn = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    conn.setAutoCommit(false);
    return conn;
  }

  /** Imports one file inside the caller's transaction. */
  static Imported run(Connection conn, ImportKind kind, InputStream in, LongConsumer bytesRead) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("CREATE TEMP TABLE " + kind.staging() + " (line bigint, " + kind.stagingColumns()
          + ") ON COMMIT DROP");
    }
    long count;
    try (CsvInput csv = CsvInput.open(in, bytesRead)) {
      kind.header(csv);
      count = copy(conn, kind, csv);
    }
    execute(conn, "ANALYZE " + kind.staging()); // the moves below join on it: let the planner know its size
    return new Imported(count, kind.finish(conn));
  }

  private static long copy(Connection conn, ImportKind kind, CsvInput csv) throws SQLException {
    CopyIn copy = conn.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY " + kind.staging() + " FROM STDIN (FORMAT csv)");
    StringBuilder chunk = new StringBuilder(COPY_CHUNK_CHARS + 4096);
    long[] rows = {0};
    try (CSVPrinter printer = new CSVPrinter(chunk, COPY_FORMAT)) {
      csv.each(line -> {
        Object[] values = kind.row(line);
        try {
          printer.print(line.number());
          for (Object value : values) {
            printer.print(value instanceof LocalDateTime time ? Timestamps.format(time) : value);
          }
          printer.println();
          rows[0]++;
          if (chunk.length() >= COPY_CHUNK_CHARS) {
            write(copy, chunk);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (SQLException e) {
          throw new CopyFailed(e);
        }
      });
      write(copy, chunk);
      copy.endCopy();
      return rows[0];
    } catch (CopyFailed e) {
      throw e.sql;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
    if (chunk.length() > 0) {
      byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      chunk.setLength(0);
    }
  }

  /** Carries a COPY failure out of the record callback. */
  private static final class CopyFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SQLException sql;

    CopyFailed(SQLException sql) {
      super(sql.getMessage(), sql, false, false);
      this.sql = sql;
    }
  }

  /**
   * Moves {@code table}'s id sequence past the largest id in the file and in the table, before the
   * insert, so ids generated for rows without one cannot collide with the file's.
   */
  static void advanceSequence(Connection conn, String table, String staging) throws SQLException {
    String sql = """
        SELECT setval(seq, target)
        FROM (SELECT pg_get_serial_sequence('%1$s', 'id')::regclass AS seq,
                     GREATEST((SELECT COALESCE(MAX(id), 0) FROM %2$s), (SELECT COALESCE(MAX(id), 0) FROM %1$s)) AS target) t
        WHERE target > COALESCE(pg_sequence_last_value(seq), 0)""".formatted(table, staging);
    execute(conn, sql);
  }

  /** Runs a statement whose result is not needed (a lock, a setting). */
  static void execute(Connection conn, String sql) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }

  /** Runs an INSERT and returns its row count. */
  static long update(Connection conn, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      return st.executeLargeUpdate();
    }
  }

  /** The first staged line {@code sql} selects (line, message), as a {@link BadLine}; none: fine. */
  static void failOnFirst(Connection conn, String sql) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      if (rs.next()) {
        throw new BadLine(rs.getLong(1), rs.getString(2));
      }
    }
  }
}
