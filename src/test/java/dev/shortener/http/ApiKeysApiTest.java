package dev.shortener.http;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.TestStack;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysApiTest extends ApiTest {
  private static final String KEY = "secret-key";
  private static TestStack.Replica replica;
  private Api guarded;

  static String sha256hex(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @BeforeAll
  static void startGuardedReplica() throws Exception {
    replica = STACK.startReplica(Map.of("API_KEYS", sha256hex("another-key") + "," + sha256hex(KEY)));
  }

  @AfterAll
  static void stopGuardedReplica() {
    if (replica != null) {
      replica.close();
    }
  }

  @BeforeEach
  void client() {
    guarded = replica.api();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/users", "/users/1", "/v1/users", "/urls", "/v1/urls", "/urls/1", "/events", "/v1/events/1"})
  void anApiRouteWithoutAKeyIs401(String path) {
    HttpResult refused = guarded.get(path);
    assertError(401, "Unauthorized", refused);
    assertNotNull(refused.header("X-Request-ID"));
  }

  @Test
  void writesWithoutAKeyAre401AndChangeNothing() {
    assertError(401, "Unauthorized", guarded.post("/users", "{\"username\":\"a\",\"email\":\"a@example.com\"}"));
    assertError(401, "Unauthorized", guarded.post("/v1/urls", "{}"));
    assertError(401, "Unauthorized", guarded.post("/events", "{}"));
    assertError(401, "Unauthorized", guarded.upload("/users/bulk", "file", "u.csv",
        "username,email\na,a@example.com\n".getBytes(StandardCharsets.UTF_8)));
    long id = createUser("alice").getLong("id");
    assertError(401, "Unauthorized", guarded.put("/users/" + id, "{\"username\":\"b\"}"));
    assertError(401, "Unauthorized", guarded.delete("/users/" + id));
    assertEquals(1, STACK.count("SELECT count(*) FROM users"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-API-Key|wrong", "X-API-Key|", "X-API-Key|secret-keyx", "Authorization|Bearer wrong",
      "Authorization|Bearer ", "Authorization|secret-key", "Authorization|Basic c2VjcmV0LWtleQ==",
      "X-API-Key|85dbe15d75ef9308c7ae0f33c7a324cc6f4bf519a2ed2f3027bd33c140a4f9aa"}) // the stored digest is not a key
  void aWrongKeyIs401(String header) {
    String[] nameValue = header.split("\\|", -1);
    assertError(401, "Unauthorized", guarded.get("/users", nameValue[0], nameValue[1]));
  }

  @Test
  void theApiKeyHeaderOpensTheApi() {
    assertStatus(200, guarded.get("/users", "X-API-Key", KEY));
    HttpResult created = guarded.post("/v1/users", "{\"username\":\"a\",\"email\":\"a@example.com\"}", "X-API-Key", KEY);
    assertStatus(201, created);
    assertStatus(200, guarded.get("/events", "X-API-Key", "another-key"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer secret-key", "bearer secret-key", "Bearer another-key"})
  void aBearerTokenOpensTheApi(String authorization) {
    assertStatus(200, guarded.get("/users", "Authorization", authorization));
    assertStatus(200, guarded.get("/v1/urls", "Authorization", authorization));
  }

  @Test
  void redirectsStayOpen() {
    long user = createUser("alice").getLong("id");
    String code = createUrl(user, "https://example.com/open").getString("short_code");
    for (String path : new String[] {"/" + code, "/r/" + code, "/urls/" + code + "/redirect",
        "/v1/urls/" + code + "/redirect"}) {
      HttpResult redirect = guarded.get(path);
      assertStatus(302, redirect);
      assertEquals("https://example.com/open", redirect.header("Location"));
    }
    assertStatus(302, guarded.head("/" + code));
    assertError(404, "Not found", guarded.get("/nosuch"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "/health/ready", "/metrics", "/openapi.json", "/docs", "/docs/swagger-ui.css"})
  void operationsRoutesStayOpen(String path) {
    assertStatus(200, guarded.get(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/users", "/v1/urls/1", "/events"})
  void optionsStaysOpen(String path) {
    HttpResult options = guarded.send("OPTIONS", path, (String) null);
    assertStatus(204, options);
    assertNotNull(options.header("Allow"));
  }

  @Test
  void withoutConfiguredKeysEverythingIsOpen() {
    assertStatus(200, api.get("/users"));
    JsonObject created = createUser("alice");
    assertStatus(200, api.get("/v1/users/" + created.getLong("id")));
    assertStatus(200, api.get("/events"));
    assertStatus(200, api.get("/urls", "X-API-Key", "anything"));
  }
}
