package dev.shortener.urls;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertNotJsonObject;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertTimestamp;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlsApiTest extends ApiTest {
  private long userId;

  @BeforeEach
  void owner() {
    userId = createUser("owner").getLong("id");
  }

  private JsonObject body() {
    return new JsonObject().put("user_id", userId).put("original_url", "https://example.com/test").put("title", "Test");
  }

  private HttpResult post(JsonObject body) {
    return api.post("/urls", body.encode());
  }

  private HttpResult put(long id, JsonObject body) {
    return api.put("/urls/" + id, body.encode());
  }

  private JsonArray events(long urlId) {
    return api.get("/events?url_id=" + urlId).array();
  }

  private static List<Long> ids(JsonArray array) {
    return array.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  private static List<Long> range(long from, long to) {
    return IntStream.rangeClosed((int) from, (int) to).mapToObj(i -> (long) i).toList();
  }

  // ---- create

  @Test
  void createsAUrlWithAGeneratedCode() {
    HttpResult created = post(body());
    assertStatus(201, created);
    JsonObject url = created.json();
    assertEquals("/urls/" + url.getLong("id"), created.header("Location"));
    assertEquals(Set.of("id", "user_id", "short_code", "original_url", "title", "is_active", "created_at", "updated_at",
        "short_url", "redirect_status", "tags", "password_protected", "max_visits", "rules"), url.fieldNames());
    assertTrue(url.getString("short_code").matches("[0-9A-Za-z]{6}"), url.encode());
    assertEquals(userId, url.getLong("user_id"));
    assertEquals("https://example.com/test", url.getString("original_url"));
    assertEquals("Test", url.getString("title"));
    assertEquals(true, url.getValue("is_active"));
    assertTimestamp(url.getString("created_at"));
    assertEquals(url.getString("created_at"), url.getString("updated_at"));
    assertEquals(url, api.get("/urls/" + url.getLong("id")).json());
  }

  @Test
  void writesACreatedEventWithTheUrl() {
    JsonObject url = post(body()).json();
    JsonArray events = events(url.getLong("id"));
    assertEquals(1, events.size(), events.encode());
    JsonObject event = events.getJsonObject(0);
    assertEquals("created", event.getString("event_type"));
    assertEquals(url.getLong("id"), event.getLong("url_id"));
    assertEquals(userId, event.getLong("user_id"));
    assertEquals(url.getString("created_at"), event.getString("timestamp"));
    assertEquals(new JsonObject().put("short_code", url.getString("short_code"))
        .put("original_url", "https://example.com/test"), event.getJsonObject("details"));
  }

  @Test
  void trimsTheUrlAndAllowsAnEmptyOrMissingTitle() {
    JsonObject url = post(body().put("original_url", "  https://example.com/x \n").put("title", "")).json();
    assertEquals("https://example.com/x", url.getString("original_url"));
    assertEquals("", url.getString("title"));
    JsonObject untitled = body();
    untitled.remove("title");
    HttpResult created = post(untitled);
    assertStatus(201, created);
    assertEquals("", created.json().getString("title"));
  }

  @Test
  void theSameUrlTwiceGetsTwoCodes() {
    JsonObject first = post(body()).json();
    JsonObject second = post(body()).json();
    assertNotEquals(first.getLong("id"), second.getLong("id"));
    assertNotEquals(first.getString("short_code"), second.getString("short_code"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "my-link_2026", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"})
  void acceptsACustomShortCode(String code) {
    HttpResult created = post(body().put("short_code", code));
    assertStatus(201, created);
    assertEquals(code, created.json().getString("short_code"));
    assertStatus(302, api.get("/" + code));
  }

  @Test
  void aTakenCustomShortCodeIsAConflict() {
    String taken = post(body()).json().getString("short_code");
    assertError(409, "Short code already exists", post(body().put("short_code", taken)));
    assertStatus(201, post(body().put("short_code", "custom")));
    assertError(409, "Short code already exists", post(body().put("short_code", "custom")));
    assertEquals(2, STACK.count("SELECT count(*) FROM urls"));
    assertEquals(2, STACK.count("SELECT count(*) FROM events"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"health", "USERS", "urls", "Events", "v1", "docs", "metrics", "UI", "api-keys", "Webhooks",
      "robots"})
  void aReservedWordIsNotAShortCode(String code) {
    assertValidation(post(body().put("short_code", code)), "short_code");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "r", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "has space", "sl/ash", "d.ot", "ünï", "a?b", ""})
  void aMalformedShortCodeIsA400(String code) {
    assertValidation(post(body().put("short_code", code)), "short_code");
  }

  @Test
  void aNonStringShortCodeIsA400() {
    assertValidation(post(body().put("short_code", 123456)), "short_code");
  }

  @Test
  void acceptsAFutureExpiry() {
    HttpResult spaced = post(body().put("expires_at", "2099-01-02 03:04:05"));
    assertStatus(201, spaced);
    assertEquals("2099-01-02T03:04:05", spaced.json().getString("expires_at"));
    HttpResult fraction = post(body().put("expires_at", "2099-01-02T03:04:05.5"));
    assertEquals("2099-01-02T03:04:05.500000", fraction.json().getString("expires_at"));
    assertEquals(fraction.json(), api.get("/urls/" + fraction.json().getLong("id")).json());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2020-01-01 00:00:00", "2020-01-01T00:00:00", "tomorrow", "2099-02-30 00:00:00", "2099-01-01"})
  void aPastOrMalformedExpiryIsA400(String expiresAt) {
    assertValidation(post(body().put("expires_at", expiresAt)), "expires_at");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ftp://example.com/file", "example.com/path", "https://", "http:///path", "mailto:a@example.com",
      "javascript:alert(1)", "https://u:p@x.com/", "https://user@x.com/", "https://x.com/\u0001", "https://x.com/a\tb",
      "https://x.com/a b", "http://localhost/", "http://LOCALHOST:8080/", "http://foo.local/", "http://127.0.0.1/",
      "http://127.1.2.3/", "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://169.254.1.1/",
      "http://[::1]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://0.0.0.0/", "http://2130706433/",
      "http://0x7f000001/", "http://127.1/", "http://[::]/", "http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/",
      "http://localhost\u3002/", "http://%31%32%37.0.0.1/", "http://exa_mple.com/", "http://example.com:abc/", ""})
  void aRejectedTargetIsA400(String target) {
    assertValidation(post(body().put("original_url", target)), "original_url");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://example.com", "https://example.com:8443/p?q=1&r=a%7Cb#frag", "https://example.com/caf\u00e9", "https://b\u00fccher.de/", "http://8.8.8.8/",
      "https://[2001:4860:4860::8888]/", "HTTPS://Example.COM/Path", "https://xn--bcher-kva.de/"})
  void acceptsPublicHttpTargets(String target) {
    HttpResult created = post(body().put("original_url", target));
    assertStatus(201, created);
    assertEquals(target, created.json().getString("original_url"));
  }

  @Test
  void theTargetIsAtMost2048Characters() {
    String prefix = "https://example.com/";
    String longest = prefix + "a".repeat(2048 - prefix.length());
    assertStatus(201, post(body().put("original_url", longest)));
    assertValidation(post(body().put("original_url", longest + "a")), "original_url");
  }

  @Test
  void theLocationHeaderOfATargetIsAtMost2048Bytes() {
    String prefix = "https://example.com/";
    // 2,000 CJK characters are 18 KB in a Location header: nginx would reject it and eject the replica
    assertValidation(post(body().put("original_url", prefix + "\u6f22".repeat(2000))), "original_url");
    assertValidation(post(body().put("original_url", prefix + "\u6f22".repeat(228))), "original_url"); // 2,072 bytes
    JsonObject atTheCap = post(body().put("original_url", prefix + "\u6f22".repeat(225) + "abc")).json(); // 2,048 bytes
    HttpResult redirect = api.get("/" + atTheCap.getString("short_code"));
    assertStatus(302, redirect);
    assertEquals(2048, redirect.header("Location").length());
    long id = atTheCap.getLong("id");
    assertValidation(put(id, new JsonObject().put("original_url", prefix + "\u6f22".repeat(300))), "original_url");
  }

  @Test
  void aTargetOnTheServicesOwnPublicHostIsA400() throws Exception {
    try (var replica = STACK.startReplica(java.util.Map.of("PUBLIC_BASE_URL", "https://sho.rt"))) {
      var other = replica.api();
      for (String loop : List.of("https://sho.rt/abc123", "http://SHO.RT./x", "https://sho.rt:8443/r/x")) {
        assertValidation(other.post("/urls", body().put("original_url", loop).encode()), "original_url");
      }
      long id = other.post("/urls", body().encode()).json().getLong("id");
      assertValidation(other.put("/urls/" + id, new JsonObject().put("original_url", "https://sho.rt/x").encode()),
          "original_url");
      assertStatus(201, other.post("/urls", body().put("original_url", "https://sho.rt.example/").encode()));
    }
    // the default public base is http://localhost:<port>
    assertValidation(post(body().put("original_url", "http://localhost:" + STACK.app().services().config().http().port() + "/x")),
        "original_url");
  }

  @Test
  void aNonStringTargetIsA400() {
    assertValidation(post(body().put("original_url", 42)), "original_url");
    assertValidation(post(body().putNull("original_url")), "original_url");
  }

  @Test
  void theTitleIsAStringOfAtMost500Characters() {
    assertStatus(201, post(body().put("title", "t".repeat(500))));
    assertValidation(post(body().put("title", "t".repeat(501))), "title");
    assertValidation(post(body().put("title", 5)), "title");
  }

  @Test
  void userIdMustBeAJsonInteger() {
    assertValidation(post(body().put("user_id", true)), "user_id");
    assertValidation(post(body().put("user_id", String.valueOf(userId))), "user_id");
    assertValidation(post(body().put("user_id", 1.5)), "user_id");
    assertValidation(post(body().put("user_id", 0)), "user_id");
    assertValidation(post(body().putNull("user_id")), "user_id");
    JsonObject missing = body();
    missing.remove("user_id");
    assertValidation(post(missing), "user_id");
    assertValidation(api.post("/urls", "{\"user_id\":1e400,\"original_url\":\"https://x.com\"}"), "user_id");
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void reportsEveryInvalidFieldAtOnce() {
    assertValidation(post(new JsonObject().put("user_id", "x").put("original_url", "ftp://x").put("title", 1)),
        "user_id", "original_url", "title");
  }

  @Test
  void anUnknownUserIs404() {
    assertError(404, "User not found", post(body().put("user_id", 999)));
    assertEquals(0, STACK.count("SELECT count(*) FROM urls"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"x\"", "[]", "null", "", "{"})
  void aBodyThatIsNotAJsonObjectIsA400(String body) {
    assertNotJsonObject(api.post("/urls", body));
  }

  // ---- list

  @Test
  void listsEverythingInIdOrderWithoutParameters() {
    long other = createUser("other").getLong("id");
    for (int i = 0; i < 3; i++) {
      createUrl(other, "https://example.com/o" + i);
      createUrl(userId, "https://example.com/u" + i);
    }
    assertEquals(range(1, 6), ids(api.get("/urls").array()));
  }

  @Test
  void filtersByUserAndState() {
    long other = createUser("other").getLong("id");
    long a = createUrl(userId, "https://example.com/a").getLong("id");
    long b = createUrl(other, "https://example.com/b").getLong("id");
    long c = createUrl(userId, "https://example.com/c").getLong("id");
    assertStatus(200, put(c, new JsonObject().put("is_active", false)));

    assertEquals(List.of(a, c), ids(api.get("/urls?user_id=" + userId).array()));
    assertEquals(List.of(b), ids(api.get("/urls?user_id=" + other).array()));
    assertEquals(List.of(a, b), ids(api.get("/urls?is_active=true").array()));
    assertEquals(List.of(c), ids(api.get("/urls?is_active=false").array()));
    assertEquals(List.of(a), ids(api.get("/urls?is_active=true&user_id=" + userId).array()));
    assertEquals(List.of(), ids(api.get("/urls?user_id=999").array()));
  }

  @Test
  void aBadFilterValueIsA400() {
    assertValidation(api.get("/urls?is_active=maybe"), "is_active");
    assertValidation(api.get("/urls?is_active=1"), "is_active");
    assertValidation(api.get("/urls?user_id=abc"), "user_id");
    assertValidation(api.get("/urls?user_id=1.5"), "user_id");
  }

  @Test
  void pagesByPageAndPerPage() {
    for (int i = 0; i < 25; i++) {
      createUrl(userId, "https://example.com/" + i);
    }
    assertEquals(range(3, 4), ids(api.get("/urls?page=2&per_page=2").array()));
    assertEquals(range(1, 2), ids(api.get("/urls?page=0&per_page=2").array()));
    assertEquals(range(1, 2), ids(api.get("/urls?page=-3&per_page=2").array()));
    assertEquals(range(1, 20), ids(api.get("/urls?page=1").array())); // default per_page
    assertEquals(range(21, 25), ids(api.get("/urls?page=2").array()));
    assertEquals(List.of(), ids(api.get("/urls?page=9&per_page=10").array()));
    assertEquals(range(3, 4), ids(api.get("/urls?cursor=2&per_page=2").array()));
    assertEquals(range(24, 25), ids(api.get("/urls?cursor=23").array()));
    assertEquals(List.of(2L), ids(api.get("/urls?user_id=" + userId + "&cursor=1&per_page=1").array()));
    assertEquals(List.of(), ids(api.get("/urls?page=10&per_page=1000").array())); // rows 9,001..10,000: allowed
    assertEquals(List.of(), ids(api.get("/urls?cursor=9223372036854775807").array()));
  }

  @Test
  void pageNumIsTheOriginalServicesCursorNotAPageNumber() {
    // ids that are not 1..n: sparse and large, so a page number and an id can never coincide
    STACK.sql("INSERT INTO urls (id, user_id, short_code, original_url) "
        + "SELECT 1000 + 7 * g, " + userId + ", 'sparse' || g, 'https://example.com/' || g FROM generate_series(1, 10) g");
    List<Long> all = ids(api.get("/urls").array());
    assertEquals(List.of(1007L, 1014L, 1021L, 1028L, 1035L, 1042L, 1049L, 1056L, 1063L, 1070L), all);
    // an old client pages by the last id it saw
    assertEquals(List.of(1028L, 1035L, 1042L), ids(api.get("/urls?page_num=1021&per_page=3").array()));
    assertEquals(List.of(1063L, 1070L), ids(api.get("/urls?page_num=1056&per_page=3").array()));
    assertEquals(List.of(), ids(api.get("/urls?page_num=1070&per_page=3").array()));
    // page_num=2 is "id > 2": every row, not the second page
    assertEquals(all, ids(api.get("/urls?page_num=2&per_page=100").array()));
    assertEquals(all.subList(2, 10), ids(api.get("/urls?page_num=1020").array())); // per_page defaults to 20
    // filters still apply, and cursor wins when both are sent
    assertEquals(List.of(1035L), ids(api.get("/urls?user_id=" + userId + "&page_num=1028&per_page=1").array()));
    assertEquals(List.of(1070L), ids(api.get("/urls?cursor=1063&page_num=1000").array()));
    // walking the whole table by page_num visits every row once
    List<Long> walked = new ArrayList<>();
    long last = 0;
    while (true) {
      List<Long> page = ids(api.get("/urls?per_page=4&page_num=" + last).array());
      if (page.isEmpty()) {
        break;
      }
      walked.addAll(page);
      last = page.get(page.size() - 1);
    }
    assertEquals(all, walked);
  }

  @Test
  void deepOffsetPagingIsA400NamingCursor() {
    for (String deep : List.of("/urls?page=11&per_page=1000", "/urls?page=501", "/urls?page=10001&per_page=1",
        "/urls?page=9223372036854775807&per_page=1000", "/urls?page=12&per_page=5001", "/v1/urls?page=101&per_page=100")) {
      HttpResult answer = api.get(deep);
      assertValidation(answer, "page");
      assertTrue(answer.json().getJsonObject("details").getString("page").contains("cursor"), deep + " " + answer);
    }
    assertValidation(api.get("/users?page=11&per_page=1000"), "page");
    assertValidation(api.get("/events?page=11&per_page=1000"), "page");
    assertStatus(200, api.get("/urls?page=500")); // 500 x 20 = 10,000 rows: the deepest allowed
    assertStatus(200, api.get("/urls?cursor=99999999&per_page=1000"));
  }

  @Test
  void aBadPagingValueIsA400() {
    assertValidation(api.get("/urls?per_page=abc"), "per_page");
    assertValidation(api.get("/urls?per_page=0"), "per_page");
    assertValidation(api.get("/urls?per_page=-5"), "per_page");
    assertValidation(api.get("/urls?page=x"), "page");
    assertValidation(api.get("/urls?page_num=x"), "page_num");
    assertValidation(api.get("/urls?cursor=x"), "cursor");
  }

  @Test
  void perPageIsClampedTo1000() {
    STACK.sql("INSERT INTO urls (user_id, short_code, original_url) "
        + "SELECT " + userId + ", 'code' || g, 'https://example.com/' || g FROM generate_series(1, 1001) g");
    assertEquals(range(1, 1000), ids(api.get("/urls?per_page=5000").array()));
    assertEquals(List.of(1001L), ids(api.get("/urls?per_page=5000&page=2").array()));
  }

  // ---- get

  @ParameterizedTest
  @ValueSource(strings = {"/urls/999", "/urls/abc", "/urls/0"})
  void anUnknownUrlIs404(String path) {
    assertError(404, "URL not found", api.get(path));
    assertError(404, "URL not found", api.put(path, "{\"title\":\"x\"}"));
    assertError(404, "URL not found", api.delete(path));
  }

  // ---- update

  @Test
  void putUpdatesOnlyTheSubmittedFieldsAndMovesUpdatedAt() {
    JsonObject url = post(body()).json();
    HttpResult updated = put(url.getLong("id"), new JsonObject().put("title", "New title"));
    assertStatus(200, updated);
    JsonObject after = updated.json();
    assertEquals(url.copy().put("title", "New title").put("updated_at", after.getString("updated_at")), after);
    assertTimestamp(after.getString("updated_at"));
    assertTrue(after.getString("updated_at").compareTo(url.getString("updated_at")) > 0, after.encode());
    HttpResult again = put(url.getLong("id"), new JsonObject().put("title", "New title"));
    assertTrue(again.json().getString("updated_at").compareTo(after.getString("updated_at")) > 0, again.body());
    assertEquals(again.json(), api.get("/urls/" + url.getLong("id")).json());
  }

  @Test
  void putWritesAnUpdatedEventWithTheSubmittedFields() {
    JsonObject url = post(body()).json();
    JsonObject changes = new JsonObject().put("title", "Renamed").put("is_active", false)
        .put("original_url", "https://example.org/new");
    JsonObject after = put(url.getLong("id"), changes).json();
    JsonArray events = events(url.getLong("id"));
    assertEquals(2, events.size(), events.encode());
    JsonObject updated = events.getJsonObject(1);
    assertEquals("updated", updated.getString("event_type"));
    assertEquals(userId, updated.getLong("user_id"));
    assertEquals(changes, updated.getJsonObject("details"));
    assertEquals(after.getString("updated_at"), updated.getString("timestamp"));
  }

  @Test
  void putWithAnEmptyObjectIsANoOp() {
    JsonObject url = post(body()).json();
    HttpResult same = put(url.getLong("id"), new JsonObject());
    assertStatus(200, same);
    assertEquals(url, same.json());
    assertEquals(1, events(url.getLong("id")).size());
  }

  @Test
  void isActiveMustBeAJsonBoolean() {
    long id = post(body()).json().getLong("id");
    assertValidation(put(id, new JsonObject().put("is_active", "false")), "is_active");
    assertValidation(put(id, new JsonObject().put("is_active", 0)), "is_active");
    assertValidation(put(id, new JsonObject().putNull("is_active")), "is_active");
    assertEquals(true, api.get("/urls/" + id).json().getValue("is_active"));
  }

  @Test
  void putValidatesFieldsLikeCreate() {
    long id = post(body()).json().getLong("id");
    assertValidation(put(id, new JsonObject().put("original_url", "http://localhost/")), "original_url");
    assertValidation(put(id, new JsonObject().put("original_url", "ftp://example.com/")), "original_url");
    assertValidation(put(id, new JsonObject().put("title", "t".repeat(501))), "title");
    assertValidation(put(id, new JsonObject().put("expires_at", "2001-01-01 00:00:00")), "expires_at");
    assertNotJsonObject(api.put("/urls/" + id, "[]"));
    assertEquals(1, events(id).size());
  }

  @Test
  void putSetsAndClearsTheExpiry() {
    long id = post(body()).json().getLong("id");
    JsonObject expiring = put(id, new JsonObject().put("expires_at", "2099-06-01 12:00:00")).json();
    assertEquals("2099-06-01T12:00:00", expiring.getString("expires_at"));
    JsonObject cleared = put(id, new JsonObject().putNull("expires_at")).json();
    assertFalse(cleared.containsKey("expires_at"), cleared.encode());
    assertFalse(api.get("/urls/" + id).json().containsKey("expires_at"));
    assertEquals(new JsonObject().putNull("expires_at"), events(id).getJsonObject(2).getJsonObject("details"));
  }

  @Test
  void deactivatingStopsTheRedirectAtOnce() {
    JsonObject url = post(body()).json();
    String code = url.getString("short_code");
    assertStatus(302, api.get("/" + code)); // cached now
    assertStatus(200, put(url.getLong("id"), new JsonObject().put("is_active", false)));
    assertError(410, "URL is deactivated", api.get("/" + code));
    assertStatus(200, put(url.getLong("id"), new JsonObject().put("is_active", true)));
    assertStatus(302, api.get("/" + code));
  }

  @Test
  void retargetingChangesTheRedirectAtOnce() {
    JsonObject url = post(body()).json();
    String code = url.getString("short_code");
    assertEquals("https://example.com/test", api.get("/" + code).header("Location"));
    put(url.getLong("id"), new JsonObject().put("original_url", "https://example.org/moved"));
    assertEquals("https://example.org/moved", api.get("/" + code).header("Location"));
  }

  // ---- delete

  @Test
  void deleteIs204AndKeepsTheEventsWithoutTheUrl() {
    JsonObject url = post(body()).json();
    long id = url.getLong("id");
    String code = url.getString("short_code");
    assertStatus(302, api.get("/" + code)); // cached now
    HttpResult deleted = api.delete("/urls/" + id);
    assertStatus(204, deleted);
    assertEquals("", deleted.body());
    assertError(404, "Not found", api.get("/" + code));
    assertError(404, "URL not found", api.get("/urls/" + id));
    assertError(404, "URL not found", api.delete("/urls/" + id));
    JsonArray created = api.get("/events?event_type=created").array();
    assertEquals(1, created.size());
    assertNull(created.getJsonObject(0).getValue("url_id"));
    assertEquals(userId, created.getJsonObject(0).getLong("user_id"));
    assertEquals(code, created.getJsonObject(0).getJsonObject("details").getString("short_code"));
  }
}
