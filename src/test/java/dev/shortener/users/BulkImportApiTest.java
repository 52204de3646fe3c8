package dev.shortener.users;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertTimestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BulkImportApiTest extends ApiTest {
  private static final String HEADER = "id,username,email,created_at\n";

  private HttpResult importCsv(String csv) {
    return importCsv(csv.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResult importCsv(byte[] csv) {
    return api.upload("/users/bulk", "file", "users.csv", csv);
  }

  private static JsonObject result(int count, int imported, int skipped) {
    return new JsonObject().put("count", count).put("imported", imported).put("skipped", skipped);
  }

  private static long users() {
    return STACK.count("SELECT count(*) FROM users");
  }

  @Test
  void keepsIdsAndTimestampsAndMovesTheSequence() {
    HttpResult imported = importCsv(HEADER
        + "5,alice,alice@example.com,2025-09-19 22:25:05\n"
        + "9,bob,bob@example.com,2025-09-20T01:02:03.250000\n"
        + "7,carol,carol@example.com,2025-09-21 08:00:00\n");
    assertStatus(201, imported);
    assertEquals(result(3, 3, 0), imported.json());
    assertEquals(new JsonObject().put("id", 5).put("username", "alice").put("email", "alice@example.com")
        .put("created_at", "2025-09-19T22:25:05"), api.get("/users/5").json());
    assertEquals("2025-09-20T01:02:03.250000", api.get("/users/9").json().getString("created_at"));

    HttpResult next = api.post("/users", "{\"username\":\"dave\",\"email\":\"dave@example.com\"}");
    assertStatus(201, next);
    assertEquals(10, next.json().getLong("id"));
  }

  @Test
  void generatesIdsAndTimestampsWhenTheColumnsAreAbsent() {
    HttpResult imported = importCsv("username,email\nalice,alice@example.com\nbob,bob@example.com\n");
    assertEquals(result(2, 2, 0), imported.json());
    JsonArray all = api.get("/users").array();
    assertEquals(2, all.size());
    assertEquals(1, all.getJsonObject(0).getLong("id"));
    assertEquals("bob", all.getJsonObject(1).getString("username"));
    assertTimestamp(all.getJsonObject(1).getString("created_at"));
    assertEquals(3, createUser("carol").getLong("id"));
  }

  @Test
  void generatesIdsAndTimestampsForEmptyCells() {
    HttpResult imported = importCsv(HEADER + "4,alice,alice@example.com,\n,bob,bob@example.com,2025-01-02 03:04:05\n");
    assertEquals(result(2, 2, 0), imported.json());
    assertTimestamp(api.get("/users/4").json().getString("created_at"));
    JsonObject bob = api.get("/users/5").json();
    assertEquals("bob", bob.getString("username"));
    assertEquals("2025-01-02T03:04:05", bob.getString("created_at"));
  }

  @Test
  void readsCrlfLineEndingsAndQuotedCells() {
    HttpResult imported = importCsv("id,username,email,created_at\r\n1,\"smith, jr\",smith@example.com,\r\n");
    assertEquals(result(1, 1, 0), imported.json());
    assertEquals("smith, jr", api.get("/users/1").json().getString("username"));
  }

  @Test
  void aHeaderOnlyFileImportsNothing() {
    assertEquals(result(0, 0, 0), importCsv(HEADER).json());
  }

  @Test
  void skipsRowsWhoseIdUsernameOrEmailExist() {
    createUser("alice"); // id 1, alice@example.com
    HttpResult imported = importCsv(HEADER
        + "1,other,other@example.com,\n"          // id taken
        + "20,alice,fresh@example.com,\n"         // username taken
        + "21,fresh,ALICE@Example.com,\n"         // email taken, case-insensitively
        + "22,bob,bob@example.com,\n"             // new
        + "23,bob,bob2@example.com,\n"            // username taken earlier in the same file
        + ",carol,carol@example.com,\n");         // new, generated id
    assertStatus(201, imported);
    assertEquals(result(6, 2, 4), imported.json());
    assertEquals(3, users());
    assertEquals("bob", api.get("/users/22").json().getString("username"));
    assertError(404, "User not found", api.get("/users/20"));
    assertEquals("alice@example.com", api.get("/users/1").json().getString("email"));
  }

  static Stream<Arguments> malformedFiles() {
    String ok = "1,alice,alice@example.com,2025-09-19 22:25:05\n";
    return Stream.of(
        Arguments.of("bad id", HEADER + ok + "x,bob,bob@example.com,\n", "line 3"),
        Arguments.of("negative id", HEADER + ok + "-2,bob,bob@example.com,\n", "line 3"),
        Arguments.of("fractional id", HEADER + "1.5,bob,bob@example.com,\n", "line 2"),
        Arguments.of("blank username", HEADER + ok + ok.replace("1,", "2,").replace("alice,", "  ,"), "line 3"),
        Arguments.of("username too long", HEADER + "2," + "u".repeat(151) + ",u@example.com,\n", "line 2"),
        Arguments.of("bad email", HEADER + ok + ok + "3,carol,carol-at-example.com,\n", "line 4"),
        Arguments.of("bad timestamp", HEADER + ok + "2,bob,bob@example.com,2025-13-01 00:00:00\n", "line 3"),
        Arguments.of("not a timestamp", HEADER + "2,bob,bob@example.com,yesterday\n", "line 2"),
        Arguments.of("too few columns", HEADER + ok + "2,bob,bob@example.com\n", "line 3"),
        Arguments.of("too many columns", HEADER + ok + "2,bob,bob@example.com,,extra\n", "line 3"),
        Arguments.of("unknown column", "id,username,email,created_at,role\n1,a,a@example.com,,admin\n", "line 1"),
        Arguments.of("missing email column", "id,username\n1,alice\n", "line 1"),
        Arguments.of("duplicate column", "username,email,email\na,a@example.com,b@example.com\n", "line 1"),
        Arguments.of("broken quoting", HEADER + ok + ok + "3,\"carol\"x,carol@example.com,\n", "line 4"),
        Arguments.of("after a blank line", HEADER + ok + "\n" + "2,bob,bob-at-example.com,\n", "line 4"),
        Arguments.of("last line without newline", HEADER + ok + "2,bob,bob@example.com,never", "line 3"),
        Arguments.of("unterminated quote", HEADER + ok + "2,\"bob,bob@example.com,\n", "line 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void aMalformedRowIsA400NamingItsLineAndWritesNothing(String why, String csv, String line) {
    createUser("zed");
    assertInvalidCsv(importCsv(csv), line);
    assertEquals(1, users());
    assertEquals(1, api.get("/users").array().size());
  }

  @Test
  void namesLinesPastAThousandExactly() {
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 1; i <= 1500; i++) {
      csv.append(i).append(",user").append(i).append(",user").append(i).append("@example.com,\n");
    }
    assertInvalidCsv(importCsv(csv + "1501,\"broken\"quote,b@example.com,\n"), "line 1502");
    assertInvalidCsv(importCsv(csv + "1501,bob,bob@example,\n"), "line 1502");
    assertEquals(0, users());
  }

  @Test
  void nonUtf8BytesAreA400NamingTheirLine() {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes((HEADER + "1,alice,alice@example.com,\n2,b").getBytes(StandardCharsets.UTF_8));
    csv.write(0xff);
    csv.writeBytes("b,bob@example.com,\n".getBytes(StandardCharsets.UTF_8));
    assertInvalidCsv(importCsv(csv.toByteArray()), "line 3");
    assertEquals(0, users());
  }

  @Test
  void latin1EncodedFileIsRejected() {
    byte[] csv = (HEADER + "1,jos\u00e9,jose@example.com,\n").getBytes(StandardCharsets.ISO_8859_1);
    assertInvalidCsv(importCsv(csv), "line 2");
    assertEquals(0, users());
  }

  @Test
  void aMissingFilePartIsA400() {
    assertError(400, "No file provided",
        api.upload("/users/bulk", "upload", "users.csv", HEADER.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aJsonBodyIsA400() {
    HttpResult json = api.post("/users/bulk", "{\"username\":\"alice\",\"email\":\"alice@example.com\"}");
    assertError(400, "No file provided", json);
    assertEquals(0, users());
  }

  @Test
  void anUploadOverTenMebibytesIsA413() {
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    Arrays.fill(big, (byte) 'a');
    assertError(413, "Request body too large", importCsv(big));
    assertEquals(0, users());
  }

  private static void assertInvalidCsv(HttpResult result, String line) {
    assertStatus(400, result);
    JsonObject body = result.json();
    assertEquals("Invalid CSV", body.getString("error"), result.body());
    assertEquals(Set.of("error", "details"), body.fieldNames(), result.body());
    assertEquals(Set.of(line), body.getJsonObject("details").fieldNames(), result.body());
    assertInstanceOf(String.class, body.getJsonObject("details").getValue(line));
  }
}
