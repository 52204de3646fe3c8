package dev.shortener.users;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertNotJsonObject;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertTimestamp;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsersApiTest extends ApiTest {
  /** An email of {@code length} characters that is well formed ({@code a@<63>.<63>.<63>.<tld>}). */
  static String emailOfLength(int length) {
    String label = "b".repeat(63) + ".";
    return "a@" + label.repeat(3) + "c".repeat(length - 2 - 3 * label.length());
  }

  private static String body(Object username, Object email) {
    return new JsonObject().put("username", username).put("email", email).encode();
  }

  @Test
  void createsAUserWithLocationAndTimestamp() {
    HttpResult created = api.post("/users", "{\"username\":\" silvertrail15 \",\"email\":\" silvertrail15@hackstack.io \"}");
    assertEquals(201, created.status(), created.body());
    JsonObject user = created.json();
    assertEquals("silvertrail15", user.getString("username"));
    assertEquals("silvertrail15@hackstack.io", user.getString("email"));
    assertEquals(java.util.Set.of("id", "username", "email", "created_at"), user.fieldNames());
    assertTimestamp(user.getString("created_at"));
    assertEquals("/users/" + user.getLong("id"), created.header("Location"));
    assertNotNull(created.header("X-Request-ID"));
    assertEquals(user, api.get("/users/" + user.getLong("id")).json());
  }

  @Test
  void acceptsTheLongestUsernameAndEmail() {
    assertEquals(254, emailOfLength(254).length());
    assertStatus(201, api.post("/users", body("u".repeat(150), emailOfLength(254))));
  }

  @Test
  void acceptsAnyUnicodeText() {
    HttpResult created = api.post("/users", body("j\u00f6rg \ud83d\ude00 \u6f22\u5b57", "jorg@example.com"));
    assertStatus(201, created);
    assertEquals("j\u00f6rg \ud83d\ude00 \u6f22\u5b57", api.get("/users/" + created.json().getLong("id")).json()
        .getString("username"));
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("{\"email\":\"a@example.com\"}", "username"),
        Arguments.of("{\"username\":\"a\"}", "email"),
        Arguments.of(body(null, "a@example.com"), "username"),
        Arguments.of(body(123, "a@example.com"), "username"),
        Arguments.of(body(true, "a@example.com"), "username"),
        Arguments.of(body("   ", "a@example.com"), "username"),
        Arguments.of(body("u".repeat(151), "a@example.com"), "username"),
        Arguments.of(body("a", "not-an-email"), "email"),
        Arguments.of(body("a", "a@example"), "email"),
        Arguments.of(body("a", 42), "email"),
        Arguments.of(body("a", emailOfLength(255)), "email"),
        Arguments.of("{\"username\":\"a\\ud800\",\"email\":\"a@example.com\"}", "username"),
        Arguments.of("{\"username\":\"a\\u0007\",\"email\":\"a@example.com\"}", "username"),
        Arguments.of("{}", "username,email"));
  }

  @ParameterizedTest
  @MethodSource("invalidBodies")
  void invalidFieldsAreA400NamingTheField(String body, String fields) {
    assertValidation(api.post("/users", body), fields.split(","));
    assertEquals(0, STACK.count("SELECT count(*) FROM users"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"x\"", "[]", "null", "", "{not json", "42", "{\"username\":\"a\""})
  void aBodyThatIsNotAJsonObjectIsA400(String body) {
    assertNotJsonObject(api.post("/users", body));
  }

  @Test
  void aWrongContentTypeIsA400() {
    assertNotJsonObject(api.send("POST", "/users", body("a", "a@example.com"), "Content-Type", "text/plain"));
    assertNotJsonObject(api.send("POST", "/users", body("a", "a@example.com")));
    assertEquals(0, STACK.count("SELECT count(*) FROM users"));
  }

  @Test
  void takenUsernameOrEmailIsAConflict() {
    createUser("alice");
    HttpResult username = api.post("/users", "{\"username\":\"alice\",\"email\":\"other@example.com\"}");
    assertError(409, "Username already exists", username);
    HttpResult email = api.post("/users", "{\"username\":\"bob\",\"email\":\"ALICE@example.com\"}");
    assertError(409, "Email already exists", email);
  }

  @Test
  void takenUsernameOrEmailIsAConflictOnUpdate() {
    createUser("alice");
    long bob = createUser("bob").getLong("id");
    assertError(409, "Username already exists", api.put("/users/" + bob, "{\"username\":\"alice\"}"));
    assertError(409, "Email already exists", api.put("/users/" + bob, "{\"email\":\"Alice@Example.COM\"}"));
    assertEquals("bob", api.get("/users/" + bob).json().getString("username"));
  }

  @Test
  void updatingAUserToItsOwnValuesIsNoConflict() {
    JsonObject alice = createUser("alice");
    HttpResult same = api.put("/users/" + alice.getLong("id"), body("alice", "ALICE@example.com"));
    assertStatus(200, same);
    assertEquals("ALICE@example.com", same.json().getString("email"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/users/999", "/users/abc", "/users/0", "/users/-1"})
  void unknownUserIs404(String path) {
    assertError(404, "User not found", api.get(path));
    assertError(404, "User not found", api.put(path, "{\"username\":\"x\"}"));
    assertError(404, "User not found", api.delete(path));
  }

  @Test
  void putUpdatesOnlyTheSubmittedFields() {
    JsonObject alice = createUser("alice");
    HttpResult updated = api.put("/users/" + alice.getLong("id"), "{\"email\":\"  new@example.com \"}");
    assertStatus(200, updated);
    assertEquals(alice.copy().put("email", "new@example.com"), updated.json());
    assertEquals(updated.json(), api.get("/users/" + alice.getLong("id")).json());
    assertEquals(new JsonArray(), api.get("/events").array(), "user operations write no events");
  }

  @Test
  void putWithAnEmptyObjectIsANoOp() {
    JsonObject alice = createUser("alice");
    HttpResult same = api.put("/users/" + alice.getLong("id"), "{}");
    assertStatus(200, same);
    assertEquals(alice, same.json());
  }

  @Test
  void putValidatesLikeCreate() {
    long id = createUser("alice").getLong("id");
    assertValidation(api.put("/users/" + id, "{\"username\":\" \"}"), "username");
    assertValidation(api.put("/users/" + id, "{\"username\":7}"), "username");
    assertValidation(api.put("/users/" + id, "{\"username\":null}"), "username");
    assertValidation(api.put("/users/" + id, "{\"email\":\"nope\"}"), "email");
    assertNotJsonObject(api.put("/users/" + id, "[]"));
    assertEquals("alice", api.get("/users/" + id).json().getString("username"));
  }

  @Test
  void listsUsersInIdOrder() {
    createUser("c");
    createUser("a");
    createUser("b");
    JsonArray all = api.get("/users").array();
    assertEquals(3, all.size());
    assertEquals(new JsonArray().add("c").add("a").add("b"),
        new JsonArray(all.stream().map(u -> ((JsonObject) u).getString("username")).toList()));
    JsonArray page2 = api.get("/users?page=2&per_page=2").array();
    assertEquals(1, page2.size());
    assertEquals("b", page2.getJsonObject(0).getString("username"));
    assertEquals(new JsonArray(), api.get("/users?cursor=3").array());
    assertValidation(api.get("/users?per_page=abc"), "per_page");
  }

  @Test
  void deleteIs204ThenTheUserIsGone() {
    long id = createUser("alice").getLong("id");
    HttpResult deleted = api.delete("/users/" + id);
    assertStatus(204, deleted);
    assertEquals("", deleted.body());
    assertError(404, "User not found", api.get("/users/" + id));
    assertError(404, "User not found", api.delete("/users/" + id));
  }

  @Test
  void deleteRemovesTheUsersUrlsAndKeepsTheirEventsWithoutIds() {
    long alice = createUser("alice").getLong("id");
    long bob = createUser("bob").getLong("id");
    JsonObject url = createUrl(alice, "https://example.com/a");
    JsonObject bobsUrl = createUrl(bob, "https://example.com/b");
    String code = url.getString("short_code");
    assertStatus(302, api.get("/" + code)); // warms every cache tier
    Waits.until(Duration.ofSeconds(5), "the redirect event",
        () -> api.get("/events?url_id=" + url.getLong("id")).array().size() == 2);

    assertStatus(204, api.delete("/users/" + alice));

    assertError(404, "URL not found", api.get("/urls/" + url.getLong("id")));
    assertError(404, "Not found", api.get("/" + code));
    assertStatus(200, api.get("/urls/" + bobsUrl.getLong("id")));
    JsonArray events = api.get("/events").array();
    assertEquals(3, events.size(), events.encode()); // alice's created + redirect, bob's created
    int orphaned = 0;
    for (Object e : events) {
      JsonObject event = (JsonObject) e;
      if (event.getValue("url_id") == null) {
        orphaned++;
        assertNull(event.getValue("user_id"), event.encode());
        assertEquals(code, event.getJsonObject("details").getString("short_code"));
      }
    }
    assertEquals(2, orphaned, events.encode());
  }
}
