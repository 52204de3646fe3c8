package dev.shortener.http;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Asserts;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContractTest extends ApiTest {
  private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern QUOTED_TIMESTAMP = Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2}[T ][^\"]*)\"");

  private static Set<String> allow(HttpResult result) {
    String header = result.header("Allow");
    assertNotNull(header, "no Allow header: " + result);
    return Arrays.stream(header.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> set(String... methods) {
    return new TreeSet<>(List.of(methods));
  }

  // ---- /v1 twins

  @Test
  void usersAreServedUnderV1() {
    HttpResult created = api.post("/v1/users", "{\"username\":\"alice\",\"email\":\"alice@example.com\"}");
    assertStatus(201, created);
    long id = created.json().getLong("id");
    assertEquals("/v1/users/" + id, created.header("Location"));
    assertEquals(created.json(), api.get("/v1/users/" + id).json());
    assertEquals(new JsonArray().add(created.json()), api.get("/v1/users?per_page=5").array());
    assertEquals("a2@example.com", api.put("/v1/users/" + id, "{\"email\":\"a2@example.com\"}").json().getString("email"));
    assertError(409, "Username already exists",
        api.post("/v1/users", "{\"username\":\"alice\",\"email\":\"x@example.com\"}"));
    assertStatus(201, api.upload("/v1/users/bulk", "file", "u.csv",
        "username,email\nbob,bob@example.com\n".getBytes(StandardCharsets.UTF_8)));
    assertStatus(204, api.delete("/v1/users/" + id));
    assertError(404, "User not found", api.get("/v1/users/" + id));
  }

  @Test
  void urlsAreServedUnderV1() {
    long user = createUser("alice").getLong("id");
    HttpResult created = api.post("/v1/urls",
        new JsonObject().put("user_id", user).put("original_url", "https://example.com/").put("title", "t").encode());
    assertStatus(201, created);
    long id = created.json().getLong("id");
    assertEquals("/v1/urls/" + id, created.header("Location"));
    assertEquals(created.json(), api.get("/v1/urls/" + id).json());
    assertEquals(1, api.get("/v1/urls?user_id=" + user + "&is_active=true").array().size());
    assertEquals("new", api.put("/v1/urls/" + id, "{\"title\":\"new\"}").json().getString("title"));
    assertStatus(302, api.get("/v1/urls/" + created.json().getString("short_code") + "/redirect"));
    assertValidation(api.get("/v1/urls?is_active=maybe"), "is_active");
    assertStatus(204, api.delete("/v1/urls/" + id));
    assertError(404, "URL not found", api.get("/v1/urls/" + id));
  }

  @Test
  void eventsAreServedUnderV1() {
    long user = createUser("alice").getLong("id");
    long url = createUrl(user, "https://example.com/").getLong("id");
    HttpResult created = api.post("/v1/events",
        new JsonObject().put("url_id", url).put("user_id", user).put("event_type", "share").encode());
    assertStatus(201, created);
    long id = created.json().getLong("id");
    assertEquals("/v1/events/" + id, created.header("Location"));
    assertEquals(created.json(), api.get("/v1/events/" + id).json());
    assertEquals(2, api.get("/v1/events?url_id=" + url).array().size());
    assertEquals("view", api.put("/v1/events/" + id, "{\"event_type\":\"view\"}").json().getString("event_type"));
    assertError(404, "Event not found", api.get("/v1/events/999"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/health", "/v1/health/ready", "/v1/metrics", "/v1/openapi.json", "/v1/docs"})
  void operationsRoutesAreRootOnly(String path) {
    assertError(404, "Not found", api.get(path));
  }

  // ---- request ids

  @Test
  void everyResponseCarriesARequestId() {
    long user = createUser("alice").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/");
    List<HttpResult> responses = List.of(
        api.get("/users"),
        api.post("/users", "{\"username\":\"bob\",\"email\":\"bob@example.com\"}"),
        api.post("/users", "{}"),
        api.post("/users", "nope"),
        api.get("/users/999"),
        api.get("/no/such/route"),
        api.delete("/users"),
        api.send("OPTIONS", "/users", (String) null),
        api.get("/" + url.getString("short_code")),
        api.get("/nosuch"),
        api.head("/nosuch"),
        api.post("/users", "{\"username\":\"" + "x".repeat(70_000) + "\"}"),
        api.delete("/urls/" + url.getLong("id")),
        api.get("/health"),
        api.get("/metrics"),
        api.get("/docs"));
    Set<String> seen = new TreeSet<>();
    for (HttpResult response : responses) {
      String id = response.header("X-Request-ID");
      assertTrue(id != null && HEX_ID.matcher(id).matches(), () -> "request id " + id + " on " + response);
      seen.add(id);
    }
    assertEquals(responses.size(), seen.size(), "request ids are unique");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "req-123_A.b", "0123456789abcdef0123456789abcdef"})
  void aSaneClientRequestIdIsEchoed(String id) {
    assertEquals(id, api.get("/users", "X-Request-ID", id).header("X-Request-ID"));
    assertEquals(id, api.get("/no/such/route", "X-Request-ID", id).header("X-Request-ID"));
    assertEquals(id, api.post("/users", "[]", "X-Request-ID", id).header("X-Request-ID"));
  }

  @Test
  void aRequestIdOf128CharactersIsEchoed() {
    String id = "r".repeat(128);
    assertEquals(id, api.get("/health", "X-Request-ID", id).header("X-Request-ID"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "a b", "semi;colon", "quote\"d", "{json}", "a,b"})
  void anInsaneClientRequestIdIsReplaced(String id) {
    String answered = api.get("/users", "X-Request-ID", id).header("X-Request-ID");
    assertTrue(HEX_ID.matcher(answered).matches(), answered);
  }

  @Test
  void aTooLongClientRequestIdIsReplaced() {
    String answered = api.get("/users", "X-Request-ID", "r".repeat(129)).header("X-Request-ID");
    assertTrue(HEX_ID.matcher(answered).matches(), answered);
  }

  @Test
  void requestsTheServerCannotParseStillGetARequestIdAndAJsonError() {
    HttpResult longUri = api.get("/users?x=" + "a".repeat(10_000));
    assertError(414, "Request URI too long", longUri);
    assertTrue(HEX_ID.matcher(String.valueOf(longUri.header("X-Request-ID"))).matches(), longUri.toString());

    HttpResult bigHeaders = api.get("/users", "X-Padding", "p".repeat(10_000));
    assertError(431, "Request header fields too large", bigHeaders);
    assertTrue(HEX_ID.matcher(String.valueOf(bigHeaders.header("X-Request-ID"))).matches(), bigHeaders.toString());
    assertStatus(200, api.get("/users")); // the service is fine afterwards
  }

  // ---- routing errors

  @ParameterizedTest
  @ValueSource(strings = {"/no/such/route", "/users/1/extra", "/v1", "/v1/nosuch", "/v2/users", "/events/1/2"})
  void anUnknownRouteIs404(String path) {
    assertError(404, "Not found", api.get(path));
    assertError(404, "Not found", api.delete(path));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DELETE | /users        | GET,OPTIONS,POST",
      "PUT    | /users        | GET,OPTIONS,POST",
      "POST   | /users/1      | DELETE,GET,OPTIONS,PUT",
      "PUT    | /events       | GET,OPTIONS,POST",
      "DELETE | /events/1     | GET,OPTIONS,PUT",
      "DELETE | /urls         | GET,OPTIONS,POST",
      "PATCH  | /urls/1       | DELETE,GET,OPTIONS,PUT",
      "DELETE | /v1/users     | GET,OPTIONS,POST",
      "POST   | /health       | GET,OPTIONS",
      "POST   | /metrics      | GET,OPTIONS"})
  void aWrongMethodIs405WithAllow(String method, String path, String allowed) {
    HttpResult result = api.send(method, path, "{}", "Content-Type", "application/json");
    assertError(405, "Method not allowed", result);
    assertEquals(set(allowed.split(",")), allow(result));
  }

  @Test
  void optionsAnswers204WithAllow() {
    HttpResult users = api.send("OPTIONS", "/users", (String) null);
    assertStatus(204, users);
    assertEquals(set("GET", "OPTIONS", "POST"), allow(users));
    assertEquals(set("DELETE", "GET", "OPTIONS", "PUT"), allow(api.send("OPTIONS", "/users/1", (String) null)));
    assertEquals(set("GET", "OPTIONS", "PUT"), allow(api.send("OPTIONS", "/v1/events/7", (String) null)));
    // POST /{code}: the password form of a protected link (API.md part 2)
    assertEquals(set("GET", "HEAD", "OPTIONS", "POST"), allow(api.send("OPTIONS", "/abc123", (String) null)));
    assertError(404, "Not found", api.send("OPTIONS", "/no/such/route", (String) null));
  }

  @Test
  void aJsonBodyOver64KibIs413() {
    String big = new JsonObject().put("username", "u".repeat(64 * 1024)).put("email", "a@example.com").encode();
    assertError(413, "Request body too large", api.post("/users", big));
    long user = createUser("alice").getLong("id");
    long url = createUrl(user, "https://example.com/").getLong("id");
    assertError(413, "Request body too large", api.put("/urls/" + url, "{\"title\":\"" + "t".repeat(70_000) + "\"}"));
    assertEquals(1, STACK.count("SELECT count(*) FROM users"));
  }

  @Test
  void aJsonBodyJustUnderTheLimitIsRead() {
    String body = new JsonObject().put("username", "alice").put("email", "alice@example.com")
        .put("padding", "p".repeat(60 * 1024)).encode();
    assertStatus(201, api.post("/users", body)); // unknown fields are ignored
  }

  // ---- formats

  @Test
  void timestampsHaveNoZoneAndZeroOrSixFractionDigits() {
    STACK.sql("INSERT INTO users (username, email, created_at) VALUES "
        + "('whole', 'w@example.com', '2025-09-19 22:25:05'), "
        + "('milli', 'm@example.com', '2025-09-19 22:25:05.123'), "
        + "('micro', 'u@example.com', '2025-09-19 22:25:05.000001')");
    List<String> created = api.get("/users").array().stream()
        .map(u -> ((JsonObject) u).getString("created_at")).toList();
    assertEquals(List.of("2025-09-19T22:25:05", "2025-09-19T22:25:05.123000", "2025-09-19T22:25:05.000001"), created);

    long user = createUser("alice").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/");
    api.put("/urls/" + url.getLong("id"), "{\"expires_at\":\"2099-01-01T00:00:00.25\"}");
    api.post("/events", new JsonObject().put("url_id", url.getLong("id")).put("user_id", user)
        .put("event_type", "x").encode());
    List<String> bodies = List.of(api.get("/users").body(), api.get("/urls").body(), api.get("/events").body());
    int count = 0;
    for (String body : bodies) {
      Matcher m = QUOTED_TIMESTAMP.matcher(body);
      while (m.find()) {
        count++;
        assertFalse(m.group(1).endsWith("Z"), m.group(1));
        Asserts.assertTimestamp(m.group(1));
      }
    }
    assertTrue(count >= 10, "saw " + count + " timestamps");
  }

  @Test
  void aJsonContentTypeWithACharsetIsAccepted() {
    assertStatus(201, api.post("/users", "{\"username\":\"a\",\"email\":\"a@example.com\"}",
        "Content-Type", "application/json; charset=UTF-8"));
  }

  @Test
  void jsonResponsesSayApplicationJson() {
    assertTrue(api.get("/users").header("Content-Type").startsWith("application/json"));
    assertTrue(api.get("/users/1").header("Content-Type").startsWith("application/json"));
    assertTrue(api.get("/no/such/route").header("Content-Type").startsWith("application/json"));
  }

  @Test
  void errorBodiesAreJsonObjectsWithoutInternals() {
    long user = createUser("alice").getLong("id");
    JsonObject url = createUrl(user, "https://example.com/");
    api.put("/urls/" + url.getLong("id"), "{\"is_active\":false}");
    String eventBody = new JsonObject().put("url_id", url.getLong("id")).put("user_id", user).put("event_type", "x")
        .encode();
    List<HttpResult> errors = new ArrayList<>(List.of(
        api.post("/users", ""),
        api.post("/users", "{\"username\":"),
        api.post("/users", "{\"username\":1,\"email\":2}"),
        api.post("/users", "{\"username\":\"alice\",\"email\":\"alice@example.com\"}"),
        api.post("/users", "{\"username\":\"a\u0000b\",\"email\":\"n@example.com\"}"),
        api.put("/users/" + createUser("bob").getLong("id"), "{\"email\":\"ALICE@EXAMPLE.COM \"}"),
        api.get("/users/abc"),
        api.get("/users?page=99999999999999999999"),
        api.post("/urls", "{\"user_id\":9223372036854775808,\"original_url\":\"https://x.com\"}"),
        api.post("/urls", "{\"user_id\":9223372036854775807,\"original_url\":\"https://x.com\"}"),
        api.post("/urls", new JsonObject().put("user_id", user).put("original_url", "https://x.com")
            .put("short_code", url.getString("short_code")).encode()),
        api.post("/events", eventBody.replace("}", ",\"details\":{\"k\":\"a\\u0000b\"}}")),
        api.post("/events", eventBody.replace("}", ",\"details\":{\"a\\u0000\":1}}")),
        api.post("/events", eventBody.replace("\"event_type\":\"x\"", "\"event_type\":\"\\ud800\"")),
        api.put("/events/1", "{\"url_id\":999}"),
        api.get("/" + url.getString("short_code")),
        api.get("/no/such/route"),
        api.delete("/users"),
        api.upload("/users/bulk", "file", "u.csv", "id,username,email\n1,a,b\n".getBytes(StandardCharsets.UTF_8)),
        api.upload("/users/bulk", "file", "u.csv", "username,email\n\"a\u0000\",a@example.com\n"
            .getBytes(StandardCharsets.UTF_8))));
    for (HttpResult error : errors) {
      assertTrue(error.status() >= 400 && error.status() < 500, () -> "expected a 4xx: " + error);
      JsonObject body = error.json();
      assertInstanceOf(String.class, body.getValue("error"), error.body());
      for (String leak : List.of("SQL", "Exception", "org.", "io.vertx", "postgres", "at dev.")) {
        assertFalse(error.body().contains(leak), () -> "leaks '" + leak + "': " + error);
      }
      assertTrue(Set.of("error", "details").containsAll(body.fieldNames()), error.body());
    }
  }

  @Test
  void theUnitsOfAValidationErrorAreFieldMessages() {
    JsonObject body = api.post("/events", "{\"url_id\":true,\"user_id\":\"1\",\"event_type\":\"\",\"details\":[]}").json();
    assertEquals("Validation failed", body.getString("error"));
    assertEquals(Set.of("url_id", "user_id", "event_type", "details"), body.getJsonObject("details").fieldNames());
    body.getJsonObject("details").forEach(e -> assertInstanceOf(String.class, e.getValue()));
  }

  // ---- streaming

  @Test
  void aLargeListStreamsEveryRowInIdOrder() {
    STACK.sql("INSERT INTO users (username, email) "
        + "SELECT 'user' || g, 'user' || g || '@example.com' FROM generate_series(1, 3000) g");
    JsonArray users = api.get("/users").array();
    assertEquals(3000, users.size());
    for (int i = 0; i < users.size(); i++) {
      JsonObject user = users.getJsonObject(i);
      assertEquals(i + 1, user.getLong("id"));
      assertEquals("user" + (i + 1), user.getString("username"));
    }
    assertEquals(3000, api.get("/v1/users").array().size());
  }

  @Test
  void largeUrlAndEventListsStreamToo() {
    long user = createUser("alice").getLong("id");
    STACK.sql("INSERT INTO urls (user_id, short_code, original_url) "
        + "SELECT " + user + ", 'code' || g, 'https://example.com/' || g FROM generate_series(1, 1500) g");
    STACK.sql("INSERT INTO events (url_id, user_id, event_type, details) "
        + "SELECT g, " + user + ", 'bulk', jsonb_build_object('n', g) FROM generate_series(1, 1500) g");
    JsonArray urls = api.get("/urls?user_id=" + user).array();
    assertEquals(1500, urls.size());
    assertEquals(1500, urls.getJsonObject(1499).getLong("id"));
    JsonArray events = api.get("/events?event_type=bulk").array();
    assertEquals(1500, events.size());
    assertEquals(new JsonObject().put("n", 1500), events.getJsonObject(1499).getJsonObject("details"));
    assertNotEquals(0, api.get("/events").array().size());
  }
}
