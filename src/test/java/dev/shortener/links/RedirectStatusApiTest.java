package dev.shortener.links;

import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.TestStack;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** redirect_status per link, REDIRECT_STATUS as the default, and the Cache-Control of each. */
class RedirectStatusApiTest extends ApiTest {
  private long user;

  @BeforeEach
  void owner() {
    user = createUser("ann").getLong("id");
  }

  private JsonObject create(Object status) {
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user)
        .put("original_url", "https://example.com/s").put("redirect_status", status).encode());
    assertStatus(201, created);
    return created.json();
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 308})
  void eachStatusIsAnsweredRoutedAndFromTheFastLane(int status) {
    JsonObject url = create(status);
    assertEquals(status, url.getInteger("redirect_status"));
    String cacheControl = status == 301 || status == 308 ? "private, max-age=3600" : "private, no-store";
    for (int i = 0; i < 3; i++) { // the first is routed (cache miss), the next near-cached
      HttpResult redirect = api.get("/" + url.getString("short_code"));
      assertStatus(status, redirect);
      assertEquals("https://example.com/s", redirect.header("Location"));
      assertEquals(cacheControl, redirect.header("Cache-Control"));
      assertEquals("noindex", redirect.header("X-Robots-Tag"));
    }
    assertEquals(status, api.head("/" + url.getString("short_code")).status());
  }

  @Test
  void aLinkWithoutAStatusShows302AndPutChangesItOnTheSpot() {
    JsonObject url = createUrl(user, "https://example.com/p");
    String code = "/" + url.getString("short_code");
    String path = "/urls/" + url.getLong("id");
    assertEquals(302, url.getInteger("redirect_status"));
    assertEquals(302, api.get(code).status());
    assertEquals(308, api.put(path, "{\"redirect_status\":308}").json().getInteger("redirect_status"));
    assertEquals(308, api.get(code).status());
    assertEquals(302, api.put(path, "{\"redirect_status\":null}").json().getInteger("redirect_status"));
    assertEquals(302, api.get(code).status());
    JsonObject updated = api.get("/events?event_type=updated").array().getJsonObject(0);
    assertEquals(new JsonObject().put("redirect_status", 308), updated.getJsonObject("details"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"300", "303", "200", "\"301\"", "true", "301.5", "99999999999999999999"})
  void anythingElseIsA400AndChangesNothing(String status) {
    String body = "{\"user_id\":" + user + ",\"original_url\":\"https://example.com/x\",\"redirect_status\":"
        + status + "}";
    assertValidation(api.post("/urls", body), "redirect_status");
    JsonObject url = createUrl(user, "https://example.com/y");
    assertValidation(api.put("/urls/" + url.getLong("id"), "{\"redirect_status\":" + status + "}"),
        "redirect_status");
    assertEquals(1, STACK.count("SELECT count(*) FROM urls"));
    assertEquals(302, api.get("/urls/" + url.getLong("id")).json().getInteger("redirect_status"));
  }

  @Test
  void redirectStatusConfigIsTheDefault() throws Exception {
    try (TestStack.Replica other = STACK.startReplica(Map.of("REDIRECT_STATUS", "307"))) {
      JsonObject url = new JsonObject(other.api().post("/urls", new JsonObject().put("user_id", user)
          .put("original_url", "https://example.com/d").encode()).body());
      assertEquals(307, url.getInteger("redirect_status"));
      HttpResult redirect = other.api().get("/" + url.getString("short_code"));
      assertEquals(307, redirect.status());
      assertEquals("private, no-store", redirect.header("Cache-Control"));
    }
  }
}
