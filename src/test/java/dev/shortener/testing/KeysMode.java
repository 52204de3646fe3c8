package dev.shortener.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A replica in {@code AUTH_MODE=keys} with an {@code API_KEYS} admin key, and helpers to make keys through it. */
public final class KeysMode implements AutoCloseable {
  public static final String ADMIN_KEY = "test-admin-key-with-enough-entropy-for-a-test";

  private final TestStack.Replica replica;

  private KeysMode(TestStack.Replica replica) {
    this.replica = replica;
  }

  public static KeysMode start(Map<String, String> extraEnv) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("AUTH_MODE", "keys", "API_KEYS", sha256hex(ADMIN_KEY)));
    env.putAll(extraEnv);
    return new KeysMode(TestStack.get().startReplica(env));
  }

  public static String sha256hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Api api() {
    return replica.api();
  }

  public TestStack.Replica replica() {
    return replica;
  }

  /** Headers that present {@code key} (null: none). */
  public static String[] as(String key) {
    return key == null ? new String[0] : new String[] {"X-API-Key", key};
  }

  /** A user made by the admin; its id. */
  public long user(String name) {
    HttpResult created = api().post("/users",
        new JsonObject().put("username", name).put("email", name + "@example.com").encode(), as(ADMIN_KEY));
    check(201, created);
    return created.json().getLong("id");
  }

  /** A stored key made by the admin (userId null: an admin key); the whole 201 answer. */
  public JsonObject key(Long userId, List<String> scopes) {
    JsonObject body = new JsonObject().put("name", "k").put("user_id", userId).put("scopes", new JsonArray(scopes));
    HttpResult created = api().post("/api-keys", body.encode(), as(ADMIN_KEY));
    check(201, created);
    return created.json();
  }

  private static void check(int status, HttpResult result) {
    if (result.status() != status) {
      throw new AssertionError("expected " + status + ", got " + result);
    }
  }

  @Override
  public void close() {
    replica.close();
  }
}
