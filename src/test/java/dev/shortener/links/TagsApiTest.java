package dev.shortener.links;

import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.db.ListQuery;
import dev.shortener.db.Paging;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tags on links: up to 10, [a-z0-9_-]{1,50} lower-cased, GET /urls?tag= filters through an index. */
class TagsApiTest extends ApiTest {
  private long user;

  @BeforeEach
  void owner() {
    user = createUser("ann").getLong("id");
  }

  private JsonObject create(String target, JsonArray tags) {
    HttpResult created = api.post("/urls", new JsonObject().put("user_id", user).put("original_url", target)
        .put("tags", tags).encode());
    assertStatus(201, created);
    return created.json();
  }

  @Test
  void tagsAreLowerCasedDeduplicatedAndFilterTheList() {
    JsonObject a = create("https://example.com/a", new JsonArray(List.of("Launch", "q4-2026", "launch")));
    JsonObject b = create("https://example.com/b", new JsonArray(List.of("q4-2026")));
    createUrl(user, "https://example.com/c");
    assertEquals(new JsonArray(List.of("launch", "q4-2026")), a.getJsonArray("tags"));
    assertEquals(new JsonArray(), api.get("/urls/3").json().getJsonArray("tags"));
    assertEquals(List.of(a.getLong("id")), ids(api.get("/urls?tag=LAUNCH")));
    assertEquals(List.of(a.getLong("id"), b.getLong("id")), ids(api.get("/urls?tag=q4-2026")));
    assertEquals(List.of(b.getLong("id")), ids(api.get("/v1/urls?tag=q4-2026&cursor=" + a.getLong("id"))));
    assertEquals(List.of(a.getLong("id")), ids(api.get("/urls?tag=q4-2026&page=1&per_page=1")));
    assertEquals(List.of(), ids(api.get("/urls?tag=none&user_id=" + user)));
  }

  @Test
  void putReplacesOrClearsTheTags() {
    JsonObject a = create("https://example.com/a", new JsonArray(List.of("x")));
    String path = "/urls/" + a.getLong("id");
    assertEquals(new JsonArray(List.of("y", "z")), api.put(path, "{\"tags\":[\"Y\",\"z\"]}").json().getJsonArray("tags"));
    assertEquals(new JsonArray(List.of("y", "z")), api.put(path, "{\"title\":\"t\"}").json().getJsonArray("tags"));
    assertEquals(new JsonArray(), api.put(path, "{\"tags\":null}").json().getJsonArray("tags"));
    assertEquals(List.of(), ids(api.get("/urls?tag=y")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"x\"", "{}", "[1]", "[\"\"]", "[\"has space\"]", "[\"café\"]", "[null]",
      "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]",
      "[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]"})
  void badTagsAreA400AndChangeNothing(String tags) {
    assertValidation(api.post("/urls", "{\"user_id\":" + user + ",\"original_url\":\"https://example.com/\",\"tags\":"
        + tags + "}"), "tags");
    JsonObject url = createUrl(user, "https://example.com/");
    assertValidation(api.put("/urls/" + url.getLong("id"), "{\"tags\":" + tags + "}"), "tags");
    assertEquals(1, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void aBadTagFilterIsA400() {
    assertValidation(api.get("/urls?tag=no%20spaces"), "tag");
    assertValidation(api.get("/urls?tag="), "tag");
  }

  @Test
  void theTagFilterUsesTheGinIndex() throws Exception {
    // the service's own list SQL (ListQuery), its parameter inlined: the index is partial (V69, tagged
    // links only), so the query must imply its predicate
    String sql = new ListQuery(null, "SELECT id FROM urls").whereContains("tags", "x").sql(Paging.ALL)
        .replace("$1::varchar", "'x'::varchar");
    createUrl(user, "https://example.com/plain");
    try (var conn = STACK.connect(); var st = conn.createStatement()) {
      ResultSet partial = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = 'urls_tags_idx'");
      assertTrue(partial.next() && partial.getString(1).contains("WHERE (tags <> '{}'"), "partial index");
      st.execute("SET enable_seqscan = off");
      ResultSet plan = st.executeQuery("EXPLAIN " + sql);
      StringBuilder text = new StringBuilder();
      while (plan.next()) {
        text.append(plan.getString(1)).append('\n');
      }
      assertTrue(text.toString().contains("urls_tags_idx"), text.toString());
    }
  }

  private static List<Long> ids(HttpResult list) {
    assertStatus(200, list);
    return list.array().stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
