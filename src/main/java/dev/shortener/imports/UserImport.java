package dev.shortener.imports;

import dev.shortener.users.UserValidation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** {@code id,username,email,created_at} (id and created_at may be absent or empty). */
final class UserImport implements ImportKind {
  private static final String EXPECTED = "id,username,email,created_at";

  /** Rows whose id, username or email exist already (or earlier in the file) are skipped. */
  private static final String MOVE = """
      INSERT INTO users (id, username, email, created_at)
      SELECT COALESCE(s.id, nextval(pg_get_serial_sequence('users', 'id'))), s.username, s.email,
             COALESCE(s.created_at, now() AT TIME ZONE 'utc')
      FROM import_users s
      ORDER BY s.line
      ON CONFLICT DO NOTHING""";

  @Override
  public String name() {
    return "users";
  }

  @Override
  public void header(CsvInput csv) {
    csv.requireColumns(Set.of("id", "username", "email", "created_at"), Set.of("username", "email"), EXPECTED);
  }

  @Override
  public String stagingColumns() {
    return "id bigint, username text, email text, created_at timestamp(6)";
  }

  @Override
  public Object[] row(CsvInput.Line line) {
    Long id = line.id("id");
    String username = line.text("username");
    String email = line.text("email");
    String problem = UserValidation.usernameProblem(username);
    if (problem == null) {
      problem = UserValidation.emailProblem(email);
    }
    if (problem != null) {
      throw line.bad(problem);
    }
    return new Object[] {id, username, email, line.timestamp("created_at")};
  }

  @Override
  public long finish(Connection conn) throws SQLException {
    Importer.advanceSequence(conn, "users", staging());
    return Importer.update(conn, MOVE);
  }
}
