package dev.shortener.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shortener.errors.Failure;
import dev.shortener.http.ErrorHandler;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserCsvTest {

  private static List<UserCsv.Row> parse(String csv) {
    return UserCsv.parse(csv.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> problem(byte[] csv) {
    Failure e = assertThrows(Failure.class, () -> UserCsv.parse(csv));
    assertEquals(400, ErrorHandler.status(e));
    assertEquals("Invalid CSV", e.getMessage());
    return e.details();
  }

  private static Map<String, String> problem(String csv) {
    return problem(csv.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheSeedFormat() {
    List<UserCsv.Row> rows = parse("""
        id,username,email,created_at
        1,foresttrail05,foresttrail05@example.com,2025-07-13 12:40:57
        2,"vividpioneer77",vividpioneer77@opswise.net,2025-12-04T18:26:42.123456
        """);
    assertEquals(2, rows.size());
    assertEquals(new UserCsv.Row(1L, "foresttrail05", "foresttrail05@example.com",
        LocalDateTime.of(2025, 7, 13, 12, 40, 57)), rows.get(0));
    assertEquals(LocalDateTime.of(2025, 12, 4, 18, 26, 42, 123_456_000), rows.get(1).createdAt());
  }

  @Test
  void idAndCreatedAtAreOptional() {
    List<UserCsv.Row> rows = parse("username,email\r\nann,ann@example.com\r\n\r\n");
    assertEquals(List.of(new UserCsv.Row(null, "ann", "ann@example.com", null)), rows);
    UserCsv.Row blanks = parse("id,username,email,created_at\n,bo,bo@example.com,\n").get(0);
    assertNull(blanks.id());
    assertNull(blanks.createdAt());
  }

  @Test
  void byteOrderMarkAndHeaderOnly() {
    assertEquals(1, parse("\uFEFFusername,email\nann,ann@example.com\n").size());
    assertEquals(List.of(), parse("id,username,email,created_at\n"));
  }

  @Test
  void namesTheLineOfTheFirstBadRow() {
    String header = "id,username,email,created_at\n";
    String good = "1,ann,ann@example.com,2025-01-01 00:00:00\n";
    assertEquals(Map.of("line 3", "id must be a positive integer"), problem(header + good + "x,bo,bo@example.com,\n"));
    assertEquals(Map.of("line 3", "id must be a positive integer"), problem(header + good + "-4,bo,bo@example.com,\n"));
    assertEquals(Map.of("line 2", "username must not be blank"), problem(header + "2, ,bo@example.com,\n"));
    assertEquals(Map.of("line 2", "email must be a valid email address"), problem(header + "2,bo,not-an-email,\n"));
    assertEquals(Map.of("line 2", "created_at must be a timestamp like 2025-09-19 22:25:05"),
        problem(header + "2,bo,bo@example.com,yesterday\n"));
    assertEquals(Map.of("line 2", "expected 4 columns, found 3"), problem(header + "2,bo,bo@example.com\n"));
    assertEquals(Map.of("line 2", "username must be at most 150 characters"),
        problem(header + "2," + "u".repeat(151) + ",bo@example.com,\n"));
  }

  @Test
  void rejectsBadHeadersAndEmptyFiles() {
    assertEquals("line 1", problem("").keySet().iterator().next());
    assertEquals(Map.of("line 1", "unknown column 'nickname'; expected id,username,email,created_at"),
        problem("username,email,nickname\n"));
    assertEquals(Map.of("line 1", "the header must name at least username and email"), problem("id,username\n"));
    assertEquals("line 1", problem("username,username,email\n").keySet().iterator().next());
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] latin1 = "username,email\nann,ann@example.com\nj\u00f6rg,jorg@example.com\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(Map.of("line 3", "the file is not UTF-8 text"), problem(latin1));
  }

  @Test
  void rejectsBrokenQuoting() {
    Map<String, String> details = problem("username,email\n\"ann,ann@example.com\nbo,\"x\"y,\n");
    assertEquals(1, details.size());
  }
}
