package dev.shortener.urls;

import static dev.shortener.testing.Asserts.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /urls?q=}: the UI's search over code, target and title. */
class UrlSearchApiTest extends ApiTest {
  private long ann;

  @BeforeEach
  void links() {
    ann = createUser("ann").getLong("id");
    long bob = createUser("bob").getLong("id");
    create(ann, "https://example.com/spring-sale", "Spring sale", "promo1");
    create(ann, "https://news.example.org/item", "Launch post", "hn-launch");
    create(bob, "https://shop.example.com/100%25_off", "Coupons", "coupon");
    create(ann, "https://example.com/a_b", "Under_score", null);
  }

  private void create(long user, String url, String title, String code) {
    JsonObject body = new JsonObject().put("user_id", user).put("original_url", url).put("title", title);
    if (code != null) {
      body.put("short_code", code);
    }
    assertStatus(201, api.post("/urls", body.encode()));
  }

  private List<String> titles(String query) {
    HttpResult found = api.get("/urls?" + query);
    assertStatus(200, found);
    return found.array().stream().map(o -> ((JsonObject) o).getString("title")).toList();
  }

  private static String q(String text) {
    return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void matchesCodeTargetOrTitleIgnoringCase() {
    assertEquals(List.of("Spring sale"), titles(q("PROMO")));
    assertEquals(List.of("Launch post"), titles(q("news.example")));
    assertEquals(List.of("Launch post"), titles(q("launch p")));
    assertEquals(List.of("Spring sale", "Launch post", "Coupons", "Under_score"), titles(q("example")));
  }

  @Test
  void combinesWithFiltersAndKeysetPaging() {
    assertEquals(List.of("Spring sale", "Launch post", "Under_score"), titles(q("example") + "&user_id=" + ann));
    HttpResult first = api.get("/urls?" + q("example") + "&per_page=2");
    long cursor = first.array().getJsonObject(1).getLong("id");
    assertEquals(List.of("Coupons", "Under_score"), titles(q("example") + "&cursor=" + cursor + "&per_page=2"));
    assertEquals(List.of(), titles(q("example") + "&is_active=false"));
  }

  @Test
  void wildcardsAreLiteral() {
    assertEquals(List.of("Coupons"), titles(q("100%")));
    assertEquals(List.of("Under_score"), titles(q("a_b")));
    assertEquals(List.of(), titles(q("%%%")));
    assertEquals(List.of(), titles(q("\\")));
  }

  @Test
  void aBlankSearchIsNoFilter() {
    assertEquals(4, titles("q=").size());
    assertEquals(4, titles(q("   ")).size());
  }

  @Test
  void controlCharactersAndOverlongSearchesAre400() {
    HttpResult nul = api.get("/urls?q=%00");
    assertStatus(400, nul);
    assertEquals("must not contain control characters", nul.json().getJsonObject("details").getString("q"));
    HttpResult longOne = api.get("/urls?" + q("x".repeat(2049)));
    assertStatus(400, longOne);
    assertEquals("must be at most 2048 characters", longOne.json().getJsonObject("details").getString("q"));
  }
}
