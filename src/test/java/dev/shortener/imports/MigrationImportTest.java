package dev.shortener.imports;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original service's three files, in its formats, over HTTP and from the shell. */
class MigrationImportTest extends ApiTest {
  /** As the original service wrote them: a space in timestamps, True/False, details a JSON string. */
  static final String USERS = """
      id,username,email,created_at
      3,foresttrail05,foresttrail05@example.com,2025-07-13 12:40:57
      7,vividpioneer77,vividpioneer77@opswise.net,2025-12-04 18:26:42
      """;
  static final String URLS = """
      id,user_id,short_code,original_url,title,is_active,created_at,updated_at
      10,3,UeWfmJ,https://opswise.net/young/uplink/1,Quarterly brief pioneer,True,2025-12-29 00:57:12,2026-01-21 06:47:26
      12,7,uHKNYv,https://opswise.net/quiet/journey/2,"Roadmap, update",False,2025-05-08 08:27:51,2025-06-28 10:05:18
      """;
  static final String EVENTS = """
      id,url_id,user_id,event_type,timestamp,details
      1,10,3,created,2025-12-29 00:57:12,"{""short_code"":""UeWfmJ"",""original_url"":""https://opswise.net/young/uplink/1""}"
      5,12,7,updated,2025-06-28 10:05:18,"{""is_active"":false}"
      6,10,3,redirect,2026-01-02 03:04:05,"{""short_code"":""UeWfmJ"",""referrer"":null,""user_agent"":""curl/8""}"
      9,999,3,deleted,2026-02-01 00:00:00,"{""short_code"":""gone12""}"
      """;

  /** Imported history makes daily click partitions of its own days: drop them, as other tests count partitions. */
  static void dropOldClickPartitions() {
    STACK.sql("""
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   JOIN pg_class p ON p.oid = i.inhparent
                   WHERE p.relname = 'clicks' AND c.relname < 'clicks_p' || to_char(current_date - 1, 'YYYYMMDD') LOOP
            EXECUTE format('DROP TABLE %I', r.relname);
          END LOOP;
        END $$""");
  }

  @org.junit.jupiter.api.AfterEach
  void dropImportedPartitions() {
    dropOldClickPartitions();
  }

  private HttpResult upload(String path, String csv) {
    return api.upload(path, "file", "f.csv", csv.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject result(int count, int imported) {
    return new JsonObject().put("count", count).put("imported", imported).put("skipped", count - imported);
  }

  private void importAllOverHttp() {
    assertEquals(result(2, 2), upload("/users/bulk", USERS).json());
    assertEquals(result(2, 2), upload("/urls/bulk", URLS).json());
    assertEquals(result(4, 4), upload("/v1/events/bulk", EVENTS).json());
  }

  @Test
  void theThreeFilesImportWithTheirIdsFlagsAndTimestamps() {
    importAllOverHttp();
    JsonObject url = api.get("/urls/12").json();
    assertEquals(7, url.getLong("user_id"));
    assertEquals("Roadmap, update", url.getString("title"));
    assertEquals(false, url.getBoolean("is_active"));
    assertEquals("2025-05-08T08:27:51", url.getString("created_at"));
    assertEquals("2025-06-28T10:05:18", url.getString("updated_at"));
    assertEquals(302, api.get("/UeWfmJ").status());
    assertError(410, "URL is deactivated", api.get("/uHKNYv"));

    JsonObject created = api.get("/events/1").json();
    assertEquals(new JsonObject().put("short_code", "UeWfmJ").put("original_url", "https://opswise.net/young/uplink/1"),
        created.getJsonObject("details"));
    assertEquals("2025-12-29T00:57:12", created.getString("timestamp"));
    assertEquals("redirect", api.get("/events/6").json().getString("event_type"));
    // the URL of event 9 never came over: the reference is null, as a deleted URL leaves it
    JsonObject orphan = api.get("/events/9").json();
    assertNull(orphan.getValue("url_id"));
    assertEquals(3, orphan.getLong("user_id"));
  }

  @Test
  void sequencesMovePastTheImportedIds() {
    importAllOverHttp();
    assertEquals(8, createUser("next").getLong("id"));
    assertEquals(13, createUrl(3, "https://example.com/next").getLong("id")); // and its created event is 10
    HttpResult event = api.post("/events", "{\"url_id\":10,\"user_id\":3,\"event_type\":\"note\"}");
    assertEquals(11, event.json().getLong("id"));
  }

  @Test
  void importingTheSameFilesAgainSkipsEveryRow() {
    importAllOverHttp();
    assertEquals(result(2, 0), upload("/urls/bulk", URLS).json());
    assertEquals(result(4, 0), upload("/events/bulk", EVENTS).json());
    assertEquals(2, STACK.count("SELECT count(*) FROM urls"));
    assertEquals(3, STACK.count("SELECT count(*) FROM events"));
    assertEquals(1, STACK.count("SELECT count(*) FROM clicks"), "the redirect is a click");
  }

  @Test
  void aUrlWhoseCodeIsTakenIsSkipped() {
    upload("/users/bulk", USERS);
    createUrl(3, "https://example.com/a"); // id 1
    assertEquals(result(1, 0), upload("/urls/bulk", URLS.lines().limit(2)
        .reduce("", (a, b) -> a + b + "\n").replace("10,3,UeWfmJ", "1,3,UeWfmJ")).json());
    assertEquals(result(1, 0), upload("/urls/bulk",
        "id,user_id,short_code,original_url\n" + "50,3," + api.get("/urls/1").json().getString("short_code")
            + ",https://example.com/b\n").json());
  }

  @Test
  void aUrlOfAnUnknownUserIsA400NamingItsLine() {
    upload("/users/bulk", USERS);
    assertInvalid(upload("/urls/bulk", URLS.replace(",7,uHKNYv", ",70,uHKNYv")), "line 3");
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void malformedUrlAndEventRowsAreA400NamingTheirLine() {
    upload("/users/bulk", USERS);
    assertInvalid(upload("/urls/bulk", URLS.replace(",True,", ",yes,")), "line 2");
    assertInvalid(upload("/urls/bulk", URLS.replace("https://opswise.net/quiet", "ftp://opswise.net/quiet")), "line 3");
    assertInvalid(upload("/urls/bulk", URLS.replace("2025-05-08 08:27:51", "2025-05-08")), "line 3");
    assertInvalid(upload("/urls/bulk", URLS.replace("uHKNYv", "users")), "line 3");
    assertInvalid(upload("/urls/bulk", URLS.replace("id,user_id", "id,owner")), "line 1");
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
    assertInvalid(upload("/events/bulk", EVENTS.replace("\"{\"\"is_active\"\":false}\"", "[1]")), "line 3");
    assertInvalid(upload("/events/bulk", EVENTS.replace(",updated,", ",,")), "line 3");
    assertInvalid(upload("/events/bulk", EVENTS.replace("6,10,3,", "x,10,3,")), "line 4");
    assertEquals(0, STACK.count("SELECT count(*) FROM events"));
  }

  @Test
  void aTargetOnTheServicesOwnPublicHostIsRefusedAsInPostUrls() throws Exception {
    upload("/users/bulk", USERS);
    // the shared stack's public base is the default http://localhost:<port>
    assertInvalid(upload("/urls/bulk", URLS.replace("https://opswise.net/quiet/journey/2", "http://localhost/x")),
        "line 3");
    try (var replica = STACK.startReplica(Map.of("PUBLIC_BASE_URL", "https://sho.rt"))) {
      HttpResult refused = replica.api().upload("/urls/bulk", "file", "f.csv",
          URLS.replace("https://opswise.net/young/uplink/1", "https://SHO.RT/UeWfmJ").getBytes(StandardCharsets.UTF_8));
      assertInvalid(refused, "line 2");
      assertTrue(refused.json().getJsonObject("details").getString("line 2").contains("this service"), refused.body());
      HttpResult plain = replica.api().upload("/urls/bulk?user_id=3", "file", "f.csv",
          "original_url\nhttps://example.com/a\nhttps://sho.rt/abc\n".getBytes(StandardCharsets.UTF_8));
      assertInvalid(plain, "line 3");
    }
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
  }

  /** Redirect events of the original service over two days: humans with referrers, a bot, a gone link. */
  static final String CLICKS = """
      id,url_id,user_id,event_type,timestamp,details
      20,10,3,redirect,2026-01-02 03:04:05,"{""short_code"":""UeWfmJ"",""referrer"":""https://news.ycombinator.com/item?id=1"",""user_agent"":""Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36""}"
      21,10,3,redirect,2026-01-02 03:50:00,"{""short_code"":""UeWfmJ"",""referrer"":""https://news.ycombinator.com/"",""user_agent"":""Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36""}"
      22,10,3,redirect,2026-01-02 05:00:00,"{""short_code"":""UeWfmJ"",""referrer"":null,""user_agent"":""Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)""}"
      23,10,3,click,2026-01-03 10:00:00,"{""short_code"":""UeWfmJ"",""referrer"":null,""user_agent"":""Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1""}"
      24,12,7,redirect,2026-01-03 11:00:00,"{""short_code"":""uHKNYv""}"
      25,999,3,redirect,2026-01-03 12:00:00,"{""short_code"":""gone12""}"
      """;

  @Test
  void importedRedirectEventsLandInTheClickLogAndCountInStatsOnce() {
    upload("/users/bulk", USERS);
    upload("/urls/bulk", URLS);
    assertEquals(result(6, 6), upload("/events/bulk", CLICKS).json());
    assertEquals(5, STACK.count("SELECT count(*) FROM clicks"));
    assertEquals(1, STACK.count("SELECT count(*) FROM events"), "only the click of a link that is gone stays an event");
    String range = "?from=2026-01-02T00:00:00&to=2026-01-04T00:00:00&interval=day";
    JsonObject stats = api.get("/urls/10/stats" + range).json();
    assertEquals(new JsonObject().put("clicks", 4).put("humans", 3).put("bots", 1).put("unique_visitors", 3),
        stats.getJsonObject("totals"), stats.encode());
    assertEquals(3, stats.getJsonArray("series").getJsonObject(0).getInteger("clicks"));
    assertEquals(1, stats.getJsonArray("series").getJsonObject(1).getInteger("clicks"));
    JsonObject top = stats.getJsonObject("top");
    assertEquals(new JsonObject().put("value", "news.ycombinator.com").put("clicks", 2),
        top.getJsonArray("referrers").getJsonObject(0), top.encode());
    assertEquals("(unknown)", top.getJsonArray("countries").getJsonObject(0).getString("value"));
    assertTrue(top.getJsonArray("devices").stream().anyMatch(d -> ((JsonObject) d).getString("value").equals("mobile")),
        top.encode());
    JsonObject user = api.get("/users/7/stats" + range).json();
    assertEquals(1, user.getJsonObject("totals").getInteger("clicks"));
    // listed as redirect events, with the details the click log keeps
    JsonObject event = api.get("/events/20").json();
    assertEquals("redirect", event.getString("event_type"));
    assertEquals("2026-01-02T03:04:05", event.getString("timestamp"));
    assertEquals("news.ycombinator.com", event.getJsonObject("details").getString("referrer_host"));
    assertEquals(true, api.get("/events/22").json().getJsonObject("details").getBoolean("bot"));

    // the same file again: every row skipped, nothing counted twice
    assertEquals(result(6, 0), upload("/events/bulk", CLICKS).json());
    assertEquals(4, api.get("/urls/10/stats" + range).json().getJsonObject("totals").getInteger("clicks"));
    assertEquals(5, STACK.count("SELECT count(*) FROM clicks"));
  }

  @Test
  void redirectEventsImportedBeforeMoveToTheClickLogWhenTheirFileIsImportedAgain() {
    upload("/users/bulk", USERS);
    upload("/urls/bulk", URLS);
    // what an import before V61 left: the redirect in events, out of the stats
    STACK.sql("INSERT INTO events (id, url_id, user_id, event_type, timestamp, details) VALUES (20, 10, 3, 'redirect',"
        + " '2026-01-02 03:04:05', '{\"short_code\":\"UeWfmJ\"}'), (30, 10, 3, 'updated', '2026-01-02 00:00:00', '{}')");
    String file = "id,url_id,user_id,event_type,timestamp,details\n"
        + "20,10,3,redirect,2026-01-02 03:04:05,\"{\"\"short_code\"\":\"\"UeWfmJ\"\"}\"\n"
        + "30,10,3,redirect,2026-01-02 04:00:00,\"{\"\"short_code\"\":\"\"UeWfmJ\"\"}\"\n";
    assertEquals(result(2, 1), upload("/events/bulk", file).json(), "id 30 is another event's: skipped");
    assertEquals(0, STACK.count("SELECT count(*) FROM events WHERE id = 20"));
    assertEquals(1, STACK.count("SELECT count(*) FROM clicks WHERE id = 20"));
    assertEquals("updated", api.get("/events/30").json().getString("event_type"));
    assertEquals(1, api.get("/urls/10/stats?from=2026-01-02T00:00:00&to=2026-01-03T00:00:00").json()
        .getJsonObject("totals").getInteger("clicks"));
    assertEquals(result(2, 0), upload("/events/bulk", file).json());
  }

  @Test
  void aPlainListCreatesLinksForTheOwnerWithTheirCreatedEvents() {
    long owner = createUser("owner").getLong("id");
    String csv = "original_url,short_code,title,tags,expires_at\n"
        + "https://example.com/one,,First,\"news, q3\",\n"
        + "https://example.com/two,my-alias,,,2099-01-01 00:00:00\n";
    HttpResult imported = upload("/urls/bulk?user_id=" + owner, csv);
    assertStatus(201, imported);
    assertEquals(result(2, 2), imported.json());
    var urls = api.get("/urls?user_id=" + owner).array();
    assertEquals(2, urls.size());
    assertEquals("First", urls.getJsonObject(0).getString("title"));
    assertEquals(6, urls.getJsonObject(0).getString("short_code").length());
    assertEquals("my-alias", urls.getJsonObject(1).getString("short_code"));
    assertEquals("2099-01-01T00:00:00", urls.getJsonObject(1).getString("expires_at"));
    // the tags column lands in the links' tags (link options)
    assertEquals(List.of("news", "q3"), urls.getJsonObject(0).getJsonArray("tags").getList());
    assertEquals(1, api.get("/urls?user_id=" + owner + "&tag=q3").array().size());
    assertEquals(2, api.get("/events?event_type=created").array().size());
    assertEquals(302, api.get("/my-alias").status());
    // the alias is taken now: the same list again skips it
    assertEquals(result(1, 0), upload("/urls/bulk?user_id=" + owner,
        "original_url,short_code\nhttps://example.com/x,my-alias\n").json());
  }

  @Test
  void aPlainListNeedsAnExistingOwner() {
    String csv = "original_url\nhttps://example.com/one\n";
    assertInvalid(upload("/urls/bulk", csv), "line 1");
    assertError(404, "User not found", upload("/urls/bulk?user_id=42", csv));
    assertValidation(upload("/urls/bulk?user_id=abc", csv), "user_id");
    long owner = createUser("owner").getLong("id");
    assertInvalid(upload("/urls/bulk?user_id=" + owner, "original_url,tags\nhttps://example.com/a,Bad!Tag\n"), "line 2");
    assertInvalid(upload("/urls/bulk?user_id=" + owner, "original_url,expires_at\nhttps://example.com/a,2001-01-01 00:00:00\n"),
        "line 2");
    assertInvalid(upload("/urls/bulk?user_id=" + owner, "original_url\nhttp://127.0.0.1/admin\n"), "line 2");
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void theShellCommandImportsTheThreeFilesInOneGoWithProgress(@TempDir Path dir) throws IOException {
    Path users = Files.writeString(dir.resolve("users.csv"), USERS);
    Path urls = Files.writeString(dir.resolve("urls.csv"), URLS);
    // a long events file: the command reports its progress
    StringBuilder events = new StringBuilder(EVENTS);
    for (int id = 100; id < 20_100; id++) {
      events.append(id).append(",10,3,redirect,2026-01-02 03:04:05,\"{\"\"short_code\"\":\"\"UeWfmJ\"\",")
          .append("\"\"user_agent\"\":\"\"Mozilla/5.0 (X11; Linux x86_64)\"\"}\"\n");
    }
    Path eventsFile = Files.writeString(dir.resolve("events.csv"), events);
    assertTrue(Files.size(eventsFile) > 1024 * 1024);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ImportCommand.run(List.of("import", "--users", users.toString(), "--urls", urls.toString(),
        "--events", eventsFile.toString()), env(), new PrintStream(out, true), new PrintStream(err, true));
    assertEquals(0, code, err.toString());
    assertEquals("users: 2 rows, 2 imported, 0 skipped\nurls: 2 rows, 2 imported, 0 skipped\n"
        + "events: 20004 rows, 20004 imported, 0 skipped\n", out.toString());
    assertTrue(err.toString().lines().anyMatch(l -> l.matches("events: [5-6]\\d% \\(.* bytes\\)")), err.toString());
    assertEquals(20_001, STACK.count("SELECT count(*) FROM clicks WHERE url_id = 10"));
    assertEquals(20_001, STACK.count("SELECT sum(clicks) FROM click_hourly WHERE url_id = 10"));
    assertEquals(302, api.get("/UeWfmJ").status());
  }

  @Test
  void theShellCommandWritesNothingWhenTheLastFileHasABadLine(@TempDir Path dir) throws IOException {
    Path users = Files.writeString(dir.resolve("users.csv"), USERS);
    Path urls = Files.writeString(dir.resolve("urls.csv"), URLS);
    Path events = Files.writeString(dir.resolve("events.csv"), EVENTS.replace("5,12,7,updated", "5,12,7,"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ImportCommand.run(List.of("import", "--users", users.toString(), "--urls", urls.toString(),
        "--events", events.toString()), env(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
    assertEquals(1, code);
    assertTrue(err.toString().contains("line 3: event_type"), err.toString());
    assertEquals(0, STACK.count("SELECT count(*) FROM users"));
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void theShellCommandExplainsItsArguments() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, ImportCommand.run(List.of("import"), env(), System.out, new PrintStream(err, true)));
    assertTrue(err.toString().startsWith("usage:"), err.toString());
    assertEquals(2, ImportCommand.run(List.of("import", "--users", "/nonexistent.csv"), env(), System.out,
        new PrintStream(err, true)));
    assertEquals(2, ImportCommand.run(List.of("import", "--users", "/etc/hostname"), Map.of(), System.out,
        new PrintStream(err, true)));
  }

  private static Map<String, String> env() {
    var db = STACK.backend().databaseUrl();
    return Map.of("DATABASE_URL", "postgresql://" + db.user() + ":" + db.password() + "@127.0.0.1:" + db.port() + "/"
        + db.database());
  }

  private static void assertInvalid(HttpResult result, String line) {
    assertStatus(400, result);
    assertEquals("Invalid CSV", result.json().getString("error"), result.body());
    assertEquals(Set.of(line), result.json().getJsonObject("details").fieldNames(), result.body());
  }
}
