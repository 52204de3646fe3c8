package dev.shortener.accounts;

import static dev.shortener.testing.KeysMode.ADMIN_KEY;
import static dev.shortener.testing.KeysMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.KeysMode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every API route × {admin, own user, other user, read-only, no key} in keys mode, against alice's
 * resources. "other" is bob's write key: alice's rows must look exactly like missing ones to him.
 */
class AuthorizationMatrixTest extends ApiTest {
  enum Caller { ADMIN, OWN, OTHER, READ_ONLY, NONE }

  /** One route: method, path and body with placeholders, and the status for each {@link Caller}, in order. */
  record Route(String method, String path, String body, int... statuses) {
    @Override
    public String toString() {
      return method + " " + path + (body == null ? "" : " " + body);
    }
  }

  private static final List<Route> ROUTES = List.of(
      new Route("GET", "/users", null, 200, 200, 200, 200, 401),
      new Route("POST", "/users", "{\"username\":\"carol\",\"email\":\"carol@example.com\"}", 201, 403, 403, 403, 401),
      new Route("POST", "/users/bulk", "CSV", 201, 403, 403, 403, 401),
      new Route("GET", "/users/{alice}", null, 200, 200, 404, 200, 401),
      new Route("GET", "/v1/users/{alice}", null, 200, 200, 404, 200, 401),
      new Route("PUT", "/users/{alice}", "{\"username\":\"alice2\"}", 200, 200, 404, 403, 401),
      new Route("DELETE", "/users/{alice}", null, 204, 204, 404, 403, 401),
      new Route("POST", "/urls", "{\"user_id\":{alice},\"original_url\":\"https://example.com/n\"}", 201, 201, 403, 403, 401),
      new Route("POST", "/urls", "{\"original_url\":\"https://example.com/n\"}", 400, 201, 201, 403, 401),
      new Route("GET", "/urls", null, 200, 200, 200, 200, 401),
      new Route("GET", "/urls/{aliceUrl}", null, 200, 200, 404, 200, 401),
      new Route("PUT", "/urls/{aliceUrl}", "{\"title\":\"x\"}", 200, 200, 404, 403, 401),
      new Route("PUT", "/v1/urls/{aliceUrl}", "{}", 200, 200, 404, 403, 401),
      new Route("DELETE", "/urls/{aliceUrl}", null, 204, 204, 404, 403, 401),
      new Route("GET", "/events", null, 200, 200, 200, 200, 401),
      new Route("GET", "/events/{aliceEvent}", null, 200, 200, 404, 200, 401),
      new Route("POST", "/events", "{\"url_id\":{aliceUrl},\"user_id\":{alice},\"event_type\":\"x\"}", 201, 201, 403, 403, 401),
      new Route("POST", "/events", "{\"url_id\":{aliceUrl},\"event_type\":\"x\"}", 400, 201, 404, 403, 401),
      new Route("PUT", "/events/{aliceEvent}", "{\"event_type\":\"y\"}", 200, 200, 404, 403, 401),
      new Route("GET", "/api-keys", null, 200, 200, 200, 200, 401),
      new Route("POST", "/api-keys", "{\"name\":\"n\",\"user_id\":{alice},\"scopes\":[\"read\"]}", 201, 201, 403, 403, 401),
      new Route("POST", "/api-keys", "{\"name\":\"n\",\"user_id\":null,\"scopes\":[\"read\"]}", 201, 403, 403, 403, 401),
      new Route("GET", "/api-keys/{aliceReadKey}", null, 200, 200, 404, 200, 401),
      new Route("DELETE", "/api-keys/{aliceReadKey}", null, 204, 204, 404, 403, 401),
      new Route("POST", "/urls/bulk?user_id={alice}", "URL_CSV", 201, 403, 403, 403, 401),
      new Route("POST", "/events/bulk", "EVENT_CSV", 201, 403, 403, 403, 401),
      new Route("GET", "/urls/export.csv", null, 200, 200, 200, 200, 401),
      new Route("GET", "/urls/{aliceUrl}/clicks.csv", null, 200, 200, 404, 200, 401),
      new Route("GET", "/webhooks", null, 200, 200, 200, 200, 401),
      new Route("POST", "/webhooks", "{\"url\":\"https://hooks.example.com/a\",\"events\":[\"link.created\"]}",
          201, 201, 201, 403, 401),
      new Route("POST", "/webhooks", "{\"url\":\"https://hooks.example.com/a\",\"events\":[\"link.created\"],"
          + "\"user_id\":{alice}}", 201, 201, 403, 403, 401));

  private static KeysMode keys;
  private Api guarded;
  private Map<String, String> ids;
  private Map<Caller, String> callerKeys;

  @BeforeAll
  static void startKeysMode() throws Exception {
    keys = KeysMode.start(Map.of());
  }

  @AfterAll
  static void stop() {
    keys.close();
  }

  /** alice and bob, a URL (and so a created event) each, and keys: alice write, alice read, bob write. */
  @BeforeEach
  void fixture() {
    guarded = keys.api();
    long alice = keys.user("alice");
    long bob = keys.user("bob");
    long aliceUrl = url(alice);
    url(bob);
    JsonObject aliceWrite = keys.key(alice, List.of("read", "write"));
    JsonObject aliceRead = keys.key(alice, List.of("read"));
    JsonObject bobWrite = keys.key(bob, List.of("write"));
    long aliceEvent = guarded.get("/events?url_id=" + aliceUrl, as(ADMIN_KEY)).array().getJsonObject(0).getLong("id");
    ids = Map.of("{alice}", Long.toString(alice), "{aliceUrl}", Long.toString(aliceUrl),
        "{aliceEvent}", Long.toString(aliceEvent), "{aliceReadKey}", aliceRead.getLong("id").toString());
    callerKeys = new java.util.EnumMap<>(Caller.class);
    callerKeys.put(Caller.ADMIN, ADMIN_KEY);
    callerKeys.put(Caller.OWN, aliceWrite.getString("key"));
    callerKeys.put(Caller.OTHER, bobWrite.getString("key"));
    callerKeys.put(Caller.READ_ONLY, aliceRead.getString("key"));
  }

  private long url(long user) {
    HttpResult created = guarded.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/" + user).encode(), as(ADMIN_KEY));
    assertEquals(201, created.status(), created.toString());
    return created.json().getLong("id");
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Route route : ROUTES) {
      for (Caller caller : Caller.values()) {
        cases.add(Arguments.of(route, caller, route.statuses()[caller.ordinal()]));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} as {1} -> {2}")
  @MethodSource("cases")
  void eachRouteAnswersEachCallerAsTheContractSays(Route route, Caller caller, int expected) {
    HttpResult answer = call(route, callerKeys.get(caller));
    assertEquals(expected, answer.status(), () -> route + " as " + caller + ": " + answer);
    if (expected == 401) {
      assertEquals(new JsonObject().put("error", "Unauthorized"), answer.json());
    } else if (expected == 403) {
      assertEquals(new JsonObject().put("error", "Forbidden"), answer.json());
    } else if (expected == 404 && caller == Caller.OTHER) {
      // exactly what a missing id answers: nothing tells bob alice's row exists
      Route missing = new Route(route.method(), route.path().replaceAll("\\{[A-Za-z]+}", "999999"), route.body());
      HttpResult absent = call(missing, ADMIN_KEY);
      if (!route.path().contains("{")) {
        absent = new HttpResult(404, answer.headers(), new JsonObject().put("error", "URL not found").encode());
      }
      assertEquals(absent.status(), answer.status());
      assertEquals(absent.body(), answer.body());
    }
  }

  private HttpResult call(Route route, String key) {
    String path = fill(route.path());
    String csv = switch (String.valueOf(route.body())) {
      case "CSV" -> "username,email\ndave,dave@example.com\n";
      case "URL_CSV" -> "original_url\nhttps://example.com/bulk\n";
      case "EVENT_CSV" -> "event_type\nnote\n";
      default -> null;
    };
    if (csv != null) {
      return guarded.upload(path, "file", "u.csv", csv.getBytes(StandardCharsets.UTF_8), as(key));
    }
    return guarded.send(route.method(), path, route.body() == null ? null : fill(route.body()),
        route.body() == null ? as(key) : withJson(as(key)));
  }

  private String fill(String text) {
    String filled = text;
    for (var id : ids.entrySet()) {
      filled = filled.replace(id.getKey(), id.getValue());
    }
    return filled;
  }

  private static String[] withJson(String[] headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return all;
  }
}
