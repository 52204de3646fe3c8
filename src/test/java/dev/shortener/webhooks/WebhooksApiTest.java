package dev.shortener.webhooks;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The /webhooks API on the shared stack (private receivers refused, no dispatcher). */
class WebhooksApiTest extends ApiTest {
  private static String body(String url, String... events) {
    return new JsonObject().put("url", url).put("events", new JsonArray(List.of((Object[]) events))).encode();
  }

  @Test
  void createShowsTheSecretOnceThenListsAndDeletes() {
    HttpResult created = api.post("/webhooks", body("https://hooks.example.com/in", "link.clicked", "link.created"));
    assertStatus(201, created);
    JsonObject hook = created.json();
    assertEquals("/webhooks/1", created.header("Location"));
    assertEquals("https://hooks.example.com/in", hook.getString("url"));
    assertEquals(new JsonArray().add("link.clicked").add("link.created"), hook.getJsonArray("events"));
    assertTrue(hook.getBoolean("active"));
    String secret = hook.getString("secret");
    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);

    JsonObject listed = api.get("/webhooks").array().getJsonObject(0);
    assertFalse(listed.containsKey("secret"));
    assertEquals(hook.getLong("id"), listed.getLong("id"));
    assertFalse(api.get("/v1/webhooks/1").json().containsKey("secret"));
    assertEquals(new JsonArray(), api.get("/webhooks/1/deliveries").array());

    assertStatus(204, api.delete("/webhooks/1"));
    assertError(404, "Webhook not found", api.delete("/webhooks/1"));
    assertError(404, "Webhook not found", api.get("/webhooks/1/deliveries"));
    assertEquals(new JsonArray(), api.get("/webhooks").array());
  }

  @Test
  void aUsersWebhookIsScopedToThatUser() {
    long ann = createUser("ann").getLong("id");
    HttpResult created = api.post("/webhooks", new JsonObject().put("url", "https://hooks.example.com/ann")
        .put("events", new JsonArray().add("link.created")).put("user_id", ann).encode());
    assertEquals(ann, created.json().getLong("user_id"));
    api.post("/webhooks", body("https://hooks.example.com/all", "link.created"));
    assertEquals(1, api.get("/webhooks?user_id=" + ann).array().size());
    assertError(404, "User not found", api.post("/webhooks", new JsonObject().put("url", "https://hooks.example.com/x")
        .put("events", new JsonArray().add("link.created")).put("user_id", 999).encode()));

    long bob = createUser("bob").getLong("id");
    createUrl(ann, "https://example.com/ann");
    createUrl(bob, "https://example.com/bob");
    // the admin endpoint sees both links, ann's only hers
    assertEquals(1, STACK.count("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = 1"));
    assertEquals(2, STACK.count("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = 2"));

    // deleting ann deletes her endpoint and her link: the admin endpoint hears of the link
    api.post("/webhooks", body("https://hooks.example.com/deletes", "link.deleted"));
    assertStatus(204, api.delete("/users/" + ann));
    assertEquals(0, STACK.count("SELECT count(*) FROM webhooks WHERE id = 1"));
    assertEquals(1, STACK.count("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = 3 AND type = 'link.deleted'"
        + " AND data ->> 'user_id' = '" + ann + "'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://hooks.example.com/in", "https://127.0.0.1/in", "https://10.1.2.3/in",
      "https://[::1]/in", "https://localhost/in", "https://printer.local/in", "ftp://hooks.example.com/",
      "https://user:pw@hooks.example.com/", "not a url"})
  void privateLoopbackAndPlainHttpReceiversAreRefused(String url) {
    assertValidation(api.post("/webhooks", body(url, "link.created")), "url");
    assertEquals(0, STACK.count("SELECT count(*) FROM webhooks"));
  }

  @Test
  void aReceiverOnTheServicesOwnPublicHostIsRefusedAsForALinkTarget() throws Exception {
    try (var replica = STACK.startReplica(java.util.Map.of("PUBLIC_BASE_URL", "https://sho.rt"))) {
      assertValidation(replica.api().post("/webhooks", body("https://sho.rt/hooks", "link.created")), "url");
      assertValidation(replica.api().post("/webhooks", body("https://SHO.RT.:443/x", "link.created")), "url");
      assertStatus(201, replica.api().post("/webhooks", body("https://hooks.sho.rt/in", "link.created")));
    }
    // private receivers allowed: still not the service's own host (the default base is localhost)
    try (var replica = STACK.startReplica(java.util.Map.of("WEBHOOK_ALLOW_PRIVATE", "true"))) {
      assertValidation(replica.api().post("/webhooks", body("http://localhost:9/hook", "link.created")), "url");
      assertStatus(201, replica.api().post("/webhooks", body("http://127.0.0.1:9/hook", "link.created")));
    }
    assertEquals(2, STACK.count("SELECT count(*) FROM webhooks"));
  }

  @Test
  void eventsMustBeKnownTypes() {
    assertValidation(api.post("/webhooks", body("https://hooks.example.com/", "link.exploded")), "events");
    assertValidation(api.post("/webhooks", body("https://hooks.example.com/")), "events");
    assertValidation(api.post("/webhooks", "{\"url\":\"https://hooks.example.com/\",\"events\":\"link.created\"}"),
        "events");
    assertValidation(api.post("/webhooks", "{\"events\":[\"link.created\"]}"), "url");
    assertValidation(api.post("/webhooks", "{\"url\":5,\"events\":[1]}"), "url", "events");
    assertError(400, "Request body must be a JSON object", api.post("/webhooks", "[]"));
    assertEquals(0, STACK.count("SELECT count(*) FROM webhooks"));
  }

  @Test
  void noEndpointNoOutboxRows() {
    long ann = createUser("ann").getLong("id");
    String events = "SELECT COALESCE(pg_sequence_last_value('webhook_event_ids'), 0)";
    long before = STACK.count(events);
    createUrl(ann, "https://example.com/a");
    assertEquals(0, STACK.count("SELECT count(*) FROM webhook_deliveries"));
    assertEquals(before, STACK.count(events), "no event was even numbered");
  }

  @Test
  void webhooksIsAReservedCode() {
    long ann = createUser("ann").getLong("id");
    assertValidation(api.post("/urls", new JsonObject().put("user_id", ann).put("original_url", "https://e.com/")
        .put("short_code", "Webhooks").encode()), "short_code");
  }

  @Test
  void deliveriesPerPageIsValidated() {
    api.post("/webhooks", body("https://hooks.example.com/in", "link.created"));
    assertValidation(api.get("/webhooks/1/deliveries?per_page=0"), "per_page");
    assertValidation(api.get("/webhooks/1/deliveries?per_page=x"), "per_page");
    assertStatus(200, api.get("/webhooks/1/deliveries?per_page=5000"));
  }

  /**
   * The click writer sends a batch's arrays to the outbox statement only when an active endpoint
   * wants link.clicked (most installations have none, and the arrays are the batch's biggest part).
   */
  @Test
  void clickBatchesReachTheOutboxOnlyWhenAWebhookWantsClicks() {
    long user = createUser("cleo").getLong("id");
    String code = createUrl(user, "https://example.com/clicked").getString("short_code");
    assertStatus(201, api.post("/webhooks", body("https://hooks.example.com/created", "link.created")));
    STACK.sql("SELECT pg_stat_statements_reset()");
    click(code, 1);
    assertEquals(0, outboxStatements(), "no endpoint wants clicks: no outbox statement");

    assertStatus(201, api.post("/webhooks", body("https://hooks.example.com/clicks", "link.clicked")));
    click(code, 2);
    assertEquals(1, outboxStatements(), "an endpoint wants clicks: the batch goes to the outbox");
    assertEquals(1, STACK.count("SELECT count(*) FROM webhook_deliveries WHERE type = 'link.clicked'"));
  }

  /** Clicks {@code code} once and waits until the click log holds {@code total} of its clicks. */
  private void click(String code, long total) {
    assertStatus(302, api.get("/" + code));
    Waits.until(Duration.ofSeconds(10), "the click written",
        () -> STACK.count("SELECT count(*) FROM clicks WHERE short_code = '" + code + "'") == total);
  }

  private static long outboxStatements() {
    // the statement's own text (its constants, 'link.clicked' among them, are normalised away)
    return STACK.count("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE '%INSERT INTO webhook_deliveries%'"
        + " AND query LIKE '%webhook_ts(c.at)%' AND query NOT LIKE '%pg_stat_statements%'");
  }
}
