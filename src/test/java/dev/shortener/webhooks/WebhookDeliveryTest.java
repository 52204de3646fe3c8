package dev.shortener.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries to a real receiver on 127.0.0.1 by dispatching replicas on the shared databases (the
 * shared stack writes the outbox and does not dispatch).
 */
class WebhookDeliveryTest extends ApiTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Fast retries so a test sees many; the receiver is local, hence private addresses allowed. */
  private static final Map<String, String> DISPATCHING = Map.of(
      "SHORTENER_WEBHOOKS_DISPATCHER", "true",
      "WEBHOOK_ALLOW_PRIVATE", "true",
      "SHORTENER_WEBHOOKS_POLL_INTERVAL_MS", "50",
      "SHORTENER_WEBHOOKS_RETRY_BASE_MS", "20",
      "SHORTENER_WEBHOOKS_RETRY_MAX_MS", "100",
      "SHORTENER_WEBHOOKS_MAX_ATTEMPTS", "30",
      "SHORTENER_WEBHOOKS_TIMEOUT_MS", "3000");

  private Receiver receiver;
  private final List<TestStack.Replica> replicas = new java.util.ArrayList<>();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new Receiver();
  }

  @AfterEach
  void stopAll() {
    replicas.forEach(TestStack.Replica::close);
    receiver.close();
  }

  private TestStack.Replica replica(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(DISPATCHING);
    env.putAll(extra);
    TestStack.Replica replica = STACK.startReplica(env);
    replicas.add(replica);
    return replica;
  }

  /** Registered through a replica that allows private receivers. */
  private JsonObject webhook(Api through, String url, String... events) {
    HttpResult created = through.post("/webhooks", new JsonObject().put("url", url)
        .put("events", new JsonArray(List.of((Object[]) events))).encode());
    assertEquals(201, created.status(), created.body());
    return created.json();
  }

  private JsonArray deliveries(long webhookId) {
    return api.get("/webhooks/" + webhookId + "/deliveries?per_page=1000").array();
  }

  private void waitForDelivered(long webhookId, int n) {
    Waits.until(WAIT, n + " deliveries", () -> STACK.count(
        "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered' AND webhook_id = " + webhookId) == n);
  }

  @Test
  void everyLinkEventArrivesSignedAndTheSignatureChecksOnlyWithTheRightSecret() throws Exception {
    TestStack.Replica dispatcher = replica(Map.of());
    JsonObject hook = webhook(dispatcher.api(), receiver.url(), "link.created", "link.updated", "link.clicked",
        "link.deleted");
    long ann = createUser("ann").getLong("id");
    JsonObject url = createUrl(ann, "https://example.com/landing");
    String code = url.getString("short_code");
    api.put("/urls/" + url.getLong("id"), "{\"title\":\"Renamed\"}");
    assertEquals(302, api.get("/" + code, "Referer", "https://news.example/", "User-Agent", "TestAgent/1").status());
    Waits.until(WAIT, "the click's outbox row", () -> STACK.count(
        "SELECT count(*) FROM webhook_deliveries WHERE type = 'link.clicked'") == 1);
    api.delete("/urls/" + url.getLong("id"));
    Waits.until(WAIT, "four requests", () -> receiver.requests().size() == 4);
    waitForDelivered(hook.getLong("id"), 4);

    String secret = hook.getString("secret");
    Map<String, JsonObject> byType = new HashMap<>();
    Set<String> ids = new java.util.HashSet<>();
    for (Receiver.Request request : receiver.requests()) {
      String id = request.header("webhook-id");
      String timestamp = request.header("webhook-timestamp");
      String signature = request.header("webhook-signature");
      assertTrue(id.startsWith("evt_"), id);
      assertTrue(ids.add(id), "one id per event");
      assertTrue(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000) < 300, timestamp);
      assertEquals("application/json", request.header("content-type"));
      assertEquals(expectedSignature(secret, id, timestamp, request.body()), signature);
      String wrong = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
      assertNotEquals(expectedSignature(wrong, id, timestamp, request.body()), signature);
      assertNotEquals(expectedSignature(secret, id, timestamp, request.body() + " "), signature);
      JsonObject payload = new JsonObject(request.body());
      assertEquals(Set.of("type", "timestamp", "data"), payload.fieldNames());
      byType.put(payload.getString("type"), payload);
    }
    assertEquals(Set.of("link.created", "link.updated", "link.clicked", "link.deleted"), byType.keySet());
    JsonObject created = byType.get("link.created").getJsonObject("data");
    assertEquals(code, created.getString("short_code"));
    assertEquals("https://example.com/landing", created.getString("original_url"));
    assertEquals(url.getString("created_at"), created.getString("created_at"));
    assertEquals(url.getString("created_at"), byType.get("link.created").getString("timestamp"));
    assertEquals("Renamed", byType.get("link.updated").getJsonObject("data").getString("title"));
    JsonObject click = byType.get("link.clicked").getJsonObject("data");
    assertEquals(code, click.getString("short_code"));
    assertEquals("https://news.example/", click.getString("referrer"));
    assertEquals("TestAgent/1", click.getString("user_agent"));
    assertEquals(url.getLong("id"), click.getLong("url_id"));
    assertEquals(url.getLong("id"), byType.get("link.deleted").getJsonObject("data").getLong("id"));

    String metrics = dispatcher.api().get("/metrics").body();
    assertTrue(metrics.contains("shortener_webhook_delivery_seconds_count{outcome=\"success\"} 4"), metrics);
    JsonArray listed = deliveries(hook.getLong("id"));
    assertEquals(4, listed.size());
    assertEquals("link.deleted", listed.getJsonObject(0).getString("type"), "latest first");
    for (Object o : listed) {
      JsonObject delivery = (JsonObject) o;
      assertEquals("delivered", delivery.getString("status"));
      assertEquals(1, delivery.getInteger("attempts"));
      assertEquals(200, delivery.getInteger("last_status_code"));
      assertTrue(ids.contains(delivery.getString("event_id")));
    }
  }

  @Test
  void linkEventsCarryTheLinkExactlyAsTheApiShowsItWithItsOptionsAndNeverThePasswordHash() throws Exception {
    TestStack.Replica dispatcher = replica(Map.of());
    long hook = webhook(dispatcher.api(), receiver.url(), "link.created", "link.updated", "link.deleted").getLong("id");
    long ann = createUser("ann").getLong("id");
    Api through = dispatcher.api(); // short_url names the replica that answers
    HttpResult posted = through.post("/urls", new JsonObject().put("user_id", ann).put("original_url", "https://example.com/o")
        .put("title", "Options").put("tags", new JsonArray().add("launch").add("q4")).put("redirect_status", 301)
        .put("max_visits", 5).put("password", "s3cret-pass").put("expires_at", "2099-01-02T03:04:05")
        .put("rules", new JsonArray().add(new JsonObject().put("target", "https://example.com/m")
            .put("conditions", new JsonArray().add(new JsonObject().put("type", "device").put("value", "mobile")))))
        .encode());
    assertEquals(201, posted.status(), posted.body());
    long id = posted.json().getLong("id");
    HttpResult put = through.put("/urls/" + id, "{\"password\":null,\"tags\":[\"later\"],\"redirect_status\":null}");
    assertEquals(200, put.status(), put.body());
    JsonObject beforeDelete = through.get("/urls/" + id).json();
    through.delete("/urls/" + id);
    waitForDelivered(hook, 3);

    Map<String, JsonObject> data = new HashMap<>();
    for (Receiver.Request request : receiver.requests()) {
      assertFalse(request.body().contains("password_hash"), request.body());
      assertFalse(request.body().contains("argon2"), request.body());
      assertFalse(request.body().contains("visits\":0"), request.body());
      JsonObject payload = new JsonObject(request.body());
      data.put(payload.getString("type"), payload.getJsonObject("data"));
    }
    JsonObject created = data.get("link.created");
    assertEquals(posted.json(), created, "link.created is the POST /urls answer");
    assertEquals(true, created.getBoolean("password_protected"));
    assertEquals(301, created.getInteger("redirect_status"));
    assertEquals(5, created.getInteger("max_visits"));
    assertEquals(new JsonArray().add("launch").add("q4"), created.getJsonArray("tags"));
    assertEquals("2099-01-02T03:04:05", created.getString("expires_at"));
    assertEquals(1, created.getJsonArray("rules").size());
    assertTrue(created.getString("short_url").endsWith("/" + created.getString("short_code")));
    JsonObject updated = data.get("link.updated");
    assertEquals(put.json(), updated, "link.updated is the PUT /urls answer");
    assertEquals(false, updated.getBoolean("password_protected"));
    assertEquals(302, updated.getInteger("redirect_status"), "no own status: the configured default");
    assertEquals(beforeDelete, data.get("link.deleted"), "link.deleted is the link as GET showed it last");
  }

  /** What a receiver computes from the Standard Webhooks spec, written independently of the service. */
  static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(digest);
  }

  @Test
  void failedAttemptsAreRetriedUntilTheReceiverAccepts() throws Exception {
    TestStack.Replica dispatcher = replica(Map.of());
    Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
    receiver.answer(r -> tries.computeIfAbsent(r.header("webhook-id"), k -> new AtomicInteger()).incrementAndGet() <= 2
        ? 503 : 204);
    long hook = webhook(dispatcher.api(), receiver.url(), "link.created").getLong("id");
    createUrl(createUser("ann").getLong("id"), "https://example.com/a");
    waitForDelivered(hook, 1);
    JsonObject delivery = deliveries(hook).getJsonObject(0);
    assertEquals(3, delivery.getInteger("attempts"));
    assertEquals(204, delivery.getInteger("last_status_code"));
    assertEquals(3, receiver.requests().size());
    assertEquals(1, receiver.requests().stream().map(r -> r.header("webhook-id")).distinct().count(),
        "a retry keeps the event's id");
    assertEquals(0, api.get("/webhooks/" + hook).json().getInteger("consecutive_failures"));
  }

  @Test
  void twentyFailuresInARowDisableTheEndpoint() throws Exception {
    // one request out at a time, so exactly twenty are sent (with more, those in flight finish too)
    TestStack.Replica dispatcher = replica(Map.of("SHORTENER_WEBHOOKS_CONCURRENCY", "1"));
    receiver.answer(r -> 500);
    long hook = webhook(dispatcher.api(), receiver.url(), "link.created").getLong("id");
    long ann = createUser("ann").getLong("id");
    createUrl(ann, "https://example.com/a");
    createUrl(ann, "https://example.com/b");
    Waits.until(WAIT, "the endpoint disabled", () -> !api.get("/webhooks/" + hook).json().getBoolean("active"));
    JsonObject disabled = api.get("/webhooks/" + hook).json();
    assertEquals(20, disabled.getInteger("consecutive_failures"));
    JsonArray listed = deliveries(hook);
    assertEquals(2, listed.size());
    for (Object o : listed) {
      assertEquals("failed", ((JsonObject) o).getString("status"));
      assertEquals(500, ((JsonObject) o).getInteger("last_status_code"));
    }
    assertEquals(20, listed.stream().mapToInt(o -> ((JsonObject) o).getInteger("attempts")).sum());
    createUrl(ann, "https://example.com/c");
    assertEquals(2, deliveries(hook).size(), "a disabled endpoint gets no new events");
    assertEquals(20, receiver.requests().size());
    String metrics = dispatcher.api().get("/metrics").body();
    assertTrue(metrics.contains("shortener_webhook_failures_total{webhook=\"" + hook + "\"} 20.0"), metrics);
  }

  @Test
  void aHangingReceiverDoesNotHoldOthersBack() throws Exception {
    TestStack.Replica dispatcher = replica(Map.of("SHORTENER_WEBHOOKS_TIMEOUT_MS", "30000",
        "SHORTENER_WEBHOOKS_CONCURRENCY", "2"));
    try (Receiver hanging = new Receiver()) {
      hanging.answer(r -> -1);
      long slow = webhook(dispatcher.api(), hanging.url(), "link.created").getLong("id");
      long fast = webhook(dispatcher.api(), receiver.url(), "link.created").getLong("id");
      long ann = createUser("ann").getLong("id");
      for (int i = 0; i < 10; i++) {
        createUrl(ann, "https://example.com/" + i);
      }
      waitForDelivered(fast, 10);
      Waits.until(WAIT, "the outbox depth metric", () -> dispatcher.api().get("/metrics").body()
          .contains("shortener_webhook_outbox_depth 10.0"));
      assertEquals(2, hanging.requests().size(), "the hanging endpoint has only its own two requests out");
      assertEquals(10, STACK.count("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending' AND webhook_id = "
          + slow));
    }
  }

  @Test
  void aRestartInTheMiddleOfABacklogLosesNothing() throws Exception {
    receiver.delay(50);
    TestStack.Replica first = replica(Map.of("SHORTENER_WEBHOOKS_CONCURRENCY", "1"));
    long hook = webhook(first.api(), receiver.url(), "link.created").getLong("id");
    long ann = createUser("ann").getLong("id");
    int n = 40;
    HttpResult imported = api.upload("/urls/bulk?user_id=" + ann, "file", "links.csv", ("original_url\n"
        + java.util.stream.IntStream.range(0, n).mapToObj(i -> "https://example.com/" + i + "\n")
            .collect(Collectors.joining())).getBytes(StandardCharsets.UTF_8));
    assertEquals(201, imported.status(), imported.body());
    Waits.until(WAIT, "some deliveries", () -> receiver.requests().size() >= 5);
    first.close();
    replicas.remove(first);
    int beforeRestart = receiver.requests().size();
    assertTrue(beforeRestart < n, "the backlog was not done before the restart: " + beforeRestart);

    replica(Map.of("SHORTENER_WEBHOOKS_CONCURRENCY", "1"));
    waitForDelivered(hook, n);
    Set<String> received = receiver.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
    assertEquals(n, received.size());
    assertEquals(n, receiver.requests().size(), "a graceful stop finishes what it sent: nothing twice");
  }

  @Test
  void twoReplicasNeverDeliverAnEventTwice() throws Exception {
    TestStack.Replica one = replica(Map.of());
    replica(Map.of());
    long hook = webhook(one.api(), receiver.url(), "link.created").getLong("id");
    long ann = createUser("ann").getLong("id");
    int n = 150;
    api.upload("/urls/bulk?user_id=" + ann, "file", "links.csv", ("original_url\n"
        + java.util.stream.IntStream.range(0, n).mapToObj(i -> "https://example.com/" + i + "\n")
            .collect(Collectors.joining())).getBytes(StandardCharsets.UTF_8));
    waitForDelivered(hook, n);
    List<String> ids = receiver.requests().stream().map(r -> r.header("webhook-id")).toList();
    assertEquals(n, ids.size(), "requests");
    assertEquals(n, Set.copyOf(ids).size(), "distinct events");
  }

  @Test
  void aReceiverThatResolvesToAPrivateAddressIsRefusedAtDelivery() throws Exception {
    replica(Map.of("WEBHOOK_ALLOW_PRIVATE", "false"));
    // stored as if its name had pointed elsewhere when it was registered
    STACK.sql("INSERT INTO webhooks (url, events, secret) VALUES ('" + receiver.url()
        + "', ARRAY['link.created'], 'whsec_" + Base64.getEncoder().encodeToString(new byte[32]) + "')");
    createUrl(createUser("ann").getLong("id"), "https://example.com/a");
    Waits.until(WAIT, "a failed attempt", () -> STACK.count(
        "SELECT count(*) FROM webhook_deliveries WHERE attempts > 0") == 1);
    JsonObject delivery = deliveries(1).getJsonObject(0);
    assertEquals("pending", delivery.getString("status"));
    assertTrue(delivery.getString("last_error").contains("private or local address"), delivery.encode());
    assertFalse(delivery.containsKey("last_status_code") && delivery.getValue("last_status_code") != null);
    assertEquals(0, receiver.requests().size());
  }
}
