package dev.shortener.links;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Password-protected links: hashed, never shown; the form, the JSON 401, POST /{code}, the try budget. */
class PasswordApiTest extends ApiTest {
  private static final String PASSWORD = "correct horse battery staple ✓";
  private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/126.0 Safari/537.36";
  private long user;
  private JsonObject url;
  private String code;

  @BeforeEach
  void protectedLink() {
    user = createUser("ann").getLong("id");
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/secret").put("password", PASSWORD).encode());
    assertStatus(201, created);
    url = created.json();
    code = url.getString("short_code");
  }

  @AfterEach
  void redisBack() {
    redisBackIfStopped();
  }

  private static HttpResult submit(Api client, String code, String password) {
    return client.send("POST", "/" + code, "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8),
        "Content-Type", "application/x-www-form-urlencoded", "User-Agent", BROWSER);
  }

  @Test
  void thePasswordIsStoredAsAnArgon2idHashAndNeverShown() throws Exception {
    assertEquals(true, url.getBoolean("password_protected"));
    assertFalse(url.containsKey("password"));
    assertFalse(api.get("/urls/" + url.getLong("id")).body().contains("argon2"));
    try (var conn = STACK.connect(); var st = conn.createStatement();
        var rs = st.executeQuery("SELECT password_hash FROM urls")) {
      rs.next();
      assertTrue(rs.getString(1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), rs.getString(1));
      assertFalse(rs.getString(1).contains(PASSWORD));
    }
    assertEquals(false, createUrl(user, "https://example.com/open").getBoolean("password_protected"));
  }

  @Test
  void aBrowserGetsAnAccessibleFormUnderAStrictPolicy() {
    for (String accept : new String[] {"text/html,application/xhtml+xml,*/*;q=0.8", "*/*", null}) {
      HttpResult form = accept == null ? api.get("/" + code) : api.get("/" + code, "Accept", accept);
      assertStatus(200, form);
      assertEquals("text/html; charset=utf-8", form.header("Content-Type"));
      assertNull(form.header("Location"));
      String csp = form.header("Content-Security-Policy");
      assertTrue(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp);
      assertTrue(csp.contains("form-action 'self'") && csp.contains("frame-ancestors 'none'"), csp);
      assertEquals("private, no-store", form.header("Cache-Control"));
      assertEquals("noindex", form.header("X-Robots-Tag"));
      assertTrue(form.body().contains("<form method=\"post\" action=\"/" + code + "\">"), form.body());
      assertTrue(form.body().contains("<label for=\"password\">Password</label>"), form.body());
      assertTrue(form.body().contains("<input id=\"password\" name=\"password\" type=\"password\""), form.body());
      assertFalse(form.body().contains("<script") || form.body().contains("src=") || form.body().contains("href="));
    }
    assertEquals(200, api.head("/" + code).status());
    assertEquals(0, STACK.count("SELECT count(*) FROM events WHERE event_type = 'redirect'"));
  }

  @Test
  void anApiClientGetsAJson401() {
    assertError(401, "Password required", api.get("/" + code, "Accept", "application/json"));
    assertError(401, "Password required", api.get("/r/" + code, "Accept", "application/problem+json"));
    assertError(401, "Wrong password", api.send("POST", "/" + code, "{\"password\":\"nope\"}",
        "Content-Type", "application/json", "Accept", "application/json"));
  }

  @Test
  void theRightPasswordRedirectsAndRecordsTheClickAWrongOneShowsTheFormAgain() {
    HttpResult wrong = submit(api, code, "guess");
    assertStatus(401, wrong);
    assertTrue(wrong.body().contains("role=\"alert\">Wrong password."), wrong.body());
    assertTrue(wrong.body().contains("aria-invalid=\"true\""), wrong.body());
    HttpResult right = submit(api, code, PASSWORD);
    assertStatus(302, right);
    assertEquals("https://example.com/secret", right.header("Location"));
    assertEquals("private, no-store", right.header("Cache-Control"));
    Waits.until(Duration.ofSeconds(1), "the click", () -> api.get("/events?event_type=redirect").array().size() == 1);
    JsonObject click = api.get("/events?event_type=redirect").array().getJsonObject(0);
    assertEquals(url.getLong("id"), click.getLong("url_id"));
    HttpResult json = api.send("POST", "/" + code, new JsonObject().put("password", PASSWORD).encode(),
        "Content-Type", "application/json");
    assertStatus(302, json);
  }

  @Test
  void tenWrongTriesPerClientThen429AcrossReplicas() throws Exception {
    try (TestStack.Replica other = STACK.startReplica(Map.of())) {
      for (int i = 0; i < 10; i++) {
        assertStatus(401, submit(i % 2 == 0 ? api : other.api(), code, "wrong " + i));
      }
      HttpResult blocked = submit(other.api(), code, PASSWORD);
      assertError(429, "Too many requests", blocked);
      long retryAfter = Long.parseLong(blocked.header("Retry-After"));
      assertTrue(retryAfter > 500 && retryAfter <= 600, blocked.header("Retry-After"));
      assertError(429, "Too many requests", submit(api, code, PASSWORD));
    }
    // another link is another budget
    JsonObject second = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/two").put("password", "x").encode()).json();
    assertStatus(302, submit(api, second.getString("short_code"), "x"));
  }

  @Test
  void whileRedisIsDownEachReplicaStillCountsWrongTries() {
    STACK.backend().stopRedis();
    for (int i = 0; i < 10; i++) {
      assertStatus(401, submit(api, code, "wrong " + i));
    }
    assertError(429, "Too many requests", submit(api, code, PASSWORD));
  }

  @Test
  void putChangesOrRemovesThePasswordAndTheEventNeverHoldsIt() {
    String path = "/urls/" + url.getLong("id");
    assertEquals(true, api.put(path, "{\"password\":\"new one\"}").json().getBoolean("password_protected"));
    assertStatus(401, submit(api, code, PASSWORD));
    assertStatus(302, submit(api, code, "new one"));
    assertEquals(false, api.put(path, "{\"password\":null}").json().getBoolean("password_protected"));
    assertStatus(302, api.get("/" + code));
    assertStatus(302, api.get("/" + code)); // and from the fast lane
    for (Object e : api.get("/events?event_type=updated").array()) {
      JsonObject details = ((JsonObject) e).getJsonObject("details");
      assertFalse(details.containsKey("password"), details.encode());
      assertTrue(details.containsKey("password_protected"), details.encode());
    }
  }

  @Test
  void aBadPasswordIsA400AndChangesNothing() {
    for (String bad : new String[] {"\"\"", "123", "true", "[\"x\"]", "\"" + "x".repeat(129) + "\""}) {
      assertValidation(api.post("/urls", "{\"user_id\":" + user + ",\"original_url\":\"https://example.com/\","
          + "\"password\":" + bad + "}"), "password");
      assertValidation(api.put("/urls/" + url.getLong("id"), "{\"password\":" + bad + "}"), "password");
    }
    assertEquals(1, STACK.count("SELECT count(*) FROM urls"));
    assertStatus(302, submit(api, code, PASSWORD));
  }
}
