package dev.shortener.accounts;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static dev.shortener.testing.KeysMode.ADMIN_KEY;
import static dev.shortener.testing.KeysMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.KeysMode;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys as data: shapes, who may make which key, expiry, deletion on every replica, last use. */
class ApiKeysLifecycleTest extends ApiTest {
  private static KeysMode first;
  private static KeysMode second;

  @BeforeAll
  static void startTwoReplicas() throws Exception {
    first = KeysMode.start(Map.of("SHORTENER_SECURITY_KEY_USAGE_FLUSH_MS", "100"));
    second = KeysMode.start(Map.of());
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
  }

  @Test
  void aNewKeyIsShownOnceWithTheContractsShapeAndStoredOnlyAsItsHash() {
    long alice = first.user("alice");
    HttpResult created = first.api().post("/api-keys",
        "{\"name\":\"ci\",\"user_id\":" + alice + ",\"scopes\":[\"write\"]}", as(ADMIN_KEY));
    assertStatus(201, created);
    JsonObject key = created.json();
    assertEquals(List.of("id", "name", "user_id", "scopes", "prefix", "key", "created_at", "expires_at", "last_used_at"),
        List.copyOf(key.fieldNames()));
    String secret = key.getString("key");
    assertTrue(secret.matches("[A-Za-z0-9_-]{43,}"), secret); // >= 32 random bytes, URL-safe
    assertEquals(secret.substring(0, 8), key.getString("prefix"));
    assertEquals(new JsonArray().add("read").add("write"), key.getJsonArray("scopes")); // write implies read
    assertEquals(alice, key.getLong("user_id"));
    assertNull(key.getValue("expires_at"));
    assertEquals("/api-keys/" + key.getLong("id"), created.header("Location"));

    JsonObject shown = first.api().get("/api-keys/" + key.getLong("id"), as(ADMIN_KEY)).json();
    assertFalse(shown.containsKey("key"));
    assertEquals(key.copy().put("key", null).fieldNames().size() - 1, shown.fieldNames().size());
    assertFalse(first.api().get("/api-keys", as(ADMIN_KEY)).body().contains(secret));
    assertEquals(0, STACK.count("SELECT count(*) FROM api_keys WHERE position(convert_to('" + secret
        + "', 'UTF8') in key_hash) > 0 OR name = '" + secret + "'"));
    assertEquals(1, STACK.count("SELECT count(*) FROM api_keys WHERE key_hash = sha256(convert_to('" + secret
        + "', 'UTF8'))"));
    assertStatus(200, first.api().get("/users", "Authorization", "Bearer " + secret));
  }

  @Test
  void badKeyRequestsAre400AndMakeNothing() {
    Api api = first.api();
    assertValidation(api.post("/api-keys", "{\"user_id\":null,\"scopes\":[\"read\"]}", as(ADMIN_KEY)), "name");
    assertValidation(api.post("/api-keys", "{\"name\":\"x\",\"user_id\":null,\"scopes\":[]}", as(ADMIN_KEY)), "scopes");
    assertValidation(api.post("/api-keys", "{\"name\":\"x\",\"user_id\":null,\"scopes\":[\"admin\"]}", as(ADMIN_KEY)),
        "scopes");
    assertValidation(api.post("/api-keys", "{\"name\":\"x\",\"user_id\":null,\"scopes\":\"read\"}", as(ADMIN_KEY)),
        "scopes");
    assertValidation(api.post("/api-keys", "{\"name\":\"x\",\"user_id\":null,\"scopes\":[\"read\"],"
        + "\"expires_at\":\"2001-01-01T00:00:00\"}", as(ADMIN_KEY)), "expires_at");
    assertValidation(api.post("/api-keys", "{\"name\":\"x\",\"user_id\":true,\"scopes\":[\"read\"]}", as(ADMIN_KEY)),
        "user_id");
    // an admin must say whose key it is (null for another admin key)
    assertValidation(api.post("/api-keys", "{\"name\":\"x\",\"scopes\":[\"read\"]}", as(ADMIN_KEY)), "user_id");
    assertError(404, "User not found",
        api.post("/api-keys", "{\"name\":\"x\",\"user_id\":4242,\"scopes\":[\"read\"]}", as(ADMIN_KEY)));
    assertError(404, "API key not found", api.get("/api-keys/abc", as(ADMIN_KEY)));
    assertError(404, "API key not found", api.delete("/api-keys/77", as(ADMIN_KEY)));
    assertEquals(0, STACK.count("SELECT count(*) FROM api_keys"));
  }

  @Test
  void aUserKeyMakesKeysOnlyForItsUserWithAtMostItsScopes() {
    long alice = first.user("alice");
    long bob = first.user("bob");
    String aliceKey = first.key(alice, List.of("read", "write")).getString("key");
    HttpResult own = first.api().post("/api-keys", "{\"name\":\"mine\",\"scopes\":[\"read\"]}", as(aliceKey));
    assertStatus(201, own);
    assertEquals(alice, own.json().getLong("user_id")); // no user_id: the caller's user
    assertError(403, "Forbidden", first.api().post("/api-keys",
        "{\"name\":\"x\",\"user_id\":" + bob + ",\"scopes\":[\"read\"]}", as(aliceKey)));
    assertError(403, "Forbidden", first.api().post("/api-keys",
        "{\"name\":\"x\",\"user_id\":null,\"scopes\":[\"read\"]}", as(aliceKey)));

    // alice lists her two keys, never bob's or the admin's
    first.key(bob, List.of("read"));
    first.key(null, List.of("read"));
    JsonArray mine = first.api().get("/api-keys", as(aliceKey)).array();
    assertEquals(2, mine.size());
    mine.forEach(k -> assertEquals(alice, ((JsonObject) k).getLong("user_id")));
    assertEquals(4, first.api().get("/api-keys", as(ADMIN_KEY)).array().size());

    // a read key cannot make any key (POST needs write), so it can never widen itself
    String readKey = own.json().getString("key");
    assertError(403, "Forbidden", first.api().post("/api-keys", "{\"name\":\"x\",\"scopes\":[\"read\"]}", as(readKey)));
  }

  @Test
  void listsHoldOnlyTheKeysUsersRows() {
    long alice = first.user("alice");
    long bob = first.user("bob");
    for (long user : new long[] {alice, bob, bob}) {
      first.api().post("/urls", new JsonObject().put("user_id", user).put("original_url", "https://example.com/" + user)
          .encode(), as(ADMIN_KEY));
    }
    String aliceKey = first.key(alice, List.of("read")).getString("key");
    assertEquals(List.of(alice), ids(first.api().get("/users", as(aliceKey)).array(), "id"));
    assertEquals(List.of(alice), ids(first.api().get("/urls", as(aliceKey)).array(), "user_id"));
    assertEquals(List.of(), ids(first.api().get("/urls?user_id=" + bob, as(aliceKey)).array(), "user_id"));
    assertEquals(List.of(alice), ids(first.api().get("/events?page=1", as(aliceKey)).array(), "user_id"));
    assertEquals(3, first.api().get("/urls", as(ADMIN_KEY)).array().size());
  }

  private static List<Long> ids(JsonArray rows, String field) {
    return rows.stream().map(r -> ((JsonObject) r).getLong(field)).toList();
  }

  @Test
  void aDeletedKeyIsRefusedByTheOtherReplicaWithinOneSecond() {
    long alice = first.user("alice");
    JsonObject key = first.key(alice, List.of("read", "write"));
    String secret = key.getString("key");
    assertStatus(200, second.api().get("/users", as(secret))); // now cached on the second replica
    assertStatus(200, second.api().get("/users", as(secret)));

    assertStatus(204, first.api().delete("/api-keys/" + key.getLong("id"), as(ADMIN_KEY)));
    Waits.until(Duration.ofSeconds(1), "the second replica to refuse the deleted key",
        () -> second.api().get("/users", as(secret)).status() == 401);
    assertError(401, "Unauthorized", first.api().get("/users", as(secret)));
    assertError(404, "API key not found", first.api().get("/api-keys/" + key.getLong("id"), as(ADMIN_KEY)));
  }

  @Test
  void aDeletedUsersKeysAreRefusedEverywhere() {
    long alice = first.user("alice");
    String secret = first.key(alice, List.of("read", "write")).getString("key");
    assertStatus(200, second.api().get("/users", as(secret)));
    assertStatus(204, first.api().delete("/users/" + alice, as(ADMIN_KEY)));
    Waits.until(Duration.ofSeconds(1), "the second replica to refuse the deleted user's key",
        () -> second.api().get("/users", as(secret)).status() == 401);
  }

  @Test
  void anExpiredKeyIs401() {
    long alice = first.user("alice");
    String expiresAt = LocalDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0).toString();
    HttpResult created = first.api().post("/api-keys", "{\"name\":\"short\",\"user_id\":" + alice
        + ",\"scopes\":[\"read\"],\"expires_at\":\"" + expiresAt + "\"}", as(ADMIN_KEY));
    assertStatus(201, created);
    String secret = created.json().getString("key");
    assertStatus(200, second.api().get("/users", as(secret)));
    Waits.until(Duration.ofSeconds(10), "the key to expire",
        () -> second.api().get("/users", as(secret)).status() == 401);
    assertError(401, "Unauthorized", first.api().get("/users", as(secret)));
  }

  @Test
  void lastUseIsRecordedWithoutAWritePerRequest() {
    JsonObject key = first.key(null, List.of("read"));
    assertNull(key.getValue("last_used_at"));
    long id = key.getLong("id");
    for (int i = 0; i < 5; i++) {
      assertStatus(200, first.api().get("/users", as(key.getString("key"))));
    }
    Waits.until(Duration.ofSeconds(10), "last_used_at to be written",
        () -> first.api().get("/api-keys/" + id, as(ADMIN_KEY)).json().getValue("last_used_at") != null);
  }

  @Test
  void aKeyIsReadOnlyFromItsHeadersNeverFromTheQueryString() {
    String secret = first.key(null, List.of("read")).getString("key");
    assertError(401, "Unauthorized", first.api().get("/users?api_key=" + secret));
    assertError(401, "Unauthorized", first.api().get("/users?key=" + secret));
    assertStatus(200, first.api().get("/users", "Authorization", "bearer " + secret));
  }

  @Test
  void aRefusedUploadIsAnsweredEvenWhileItsBodyIsStillComing() {
    byte[] big = new byte[8 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    assertError(401, "Unauthorized", first.api().upload("/users/bulk", "file", "u.csv", big));
    String reader = first.key(null, List.of("read")).getString("key");
    assertError(403, "Forbidden", first.api().upload("/users/bulk", "file", "u.csv", big, as(reader)));
  }
}
