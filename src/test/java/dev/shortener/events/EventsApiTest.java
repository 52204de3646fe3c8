package dev.shortener.events;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertNotJsonObject;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertTimestamp;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventsApiTest extends ApiTest {
  private long userId;
  private long urlId;

  @BeforeEach
  void fixtures() {
    userId = createUser("owner").getLong("id");
    urlId = createUrl(userId, "https://example.com/a").getLong("id"); // writes event 1, "created"
  }

  private JsonObject body() {
    return new JsonObject().put("url_id", urlId).put("user_id", userId).put("event_type", "click")
        .put("details", new JsonObject().put("source", "test").put("n", 1));
  }

  private HttpResult post(JsonObject body) {
    return api.post("/events", body.encode());
  }

  private HttpResult put(long id, JsonObject body) {
    return api.put("/events/" + id, body.encode());
  }

  private static List<Long> ids(JsonArray array) {
    return array.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  @Test
  void createsAnEvent() {
    HttpResult created = post(body().put("event_type", "  click "));
    assertStatus(201, created);
    JsonObject event = created.json();
    assertEquals("/events/" + event.getLong("id"), created.header("Location"));
    assertEquals(Set.of("id", "url_id", "user_id", "event_type", "timestamp", "details"), event.fieldNames());
    assertEquals(urlId, event.getLong("url_id"));
    assertEquals(userId, event.getLong("user_id"));
    assertEquals("click", event.getString("event_type"));
    assertEquals(new JsonObject().put("source", "test").put("n", 1), event.getJsonObject("details"));
    assertTimestamp(event.getString("timestamp"));
    assertEquals(event, api.get("/events/" + event.getLong("id")).json());
  }

  @Test
  void detailsAreOptional() {
    JsonObject without = body();
    without.remove("details");
    HttpResult created = post(without);
    assertStatus(201, created);
    assertNull(created.json().getValue("details"));
    assertEquals(new JsonObject(), post(body().put("details", new JsonObject())).json().getJsonObject("details"));
  }

  @Test
  void detailsMayNestAnyJson() {
    JsonObject details = new JsonObject().put("list", new JsonArray().add(1).add("two").addNull())
        .put("nested", new JsonObject().put("ok", true)).put("text", "é \" \\ ✓");
    assertEquals(details, post(body().put("details", details)).json().getJsonObject("details"));
  }

  @Test
  void detailsMustBeAnObject() {
    assertValidation(post(body().put("details", "x")), "details");
    assertValidation(post(body().put("details", new JsonArray().add(1))), "details");
    assertValidation(post(body().putNull("details")), "details");
    assertValidation(post(body().put("details", 5)), "details");
    assertEquals(1, STACK.count("SELECT count(*) FROM events"));
  }

  @Test
  void detailsThatJsonbCannotHoldAreA400NamingDetails() {
    String base = body().encode();
    assertValidation(api.post("/events", base.replace("\"n\":1", "\"n\":\"a\\u0000b\"")), "details");
    assertValidation(api.post("/events", base.replace("\"n\":1", "\"a\\u0000\":1")), "details");
    assertValidation(api.post("/events", base.replace("\"n\":1", "\"n\":[\"\\udc00\"]")), "details");
    assertEquals(1, STACK.count("SELECT count(*) FROM events"));
  }

  @Test
  void eventTypeIsANonBlankStringOfAtMost50Characters() {
    assertStatus(201, post(body().put("event_type", "e".repeat(50))));
    assertValidation(post(body().put("event_type", "e".repeat(51))), "event_type");
    assertValidation(post(body().put("event_type", "   ")), "event_type");
    assertValidation(post(body().put("event_type", 7)), "event_type");
    JsonObject missing = body();
    missing.remove("event_type");
    assertValidation(post(missing), "event_type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"url_id", "user_id"})
  void idsMustBeJsonIntegers(String field) {
    assertValidation(post(body().put(field, true)), field);
    assertValidation(post(body().put(field, "1")), field);
    assertValidation(post(body().put(field, 1.5)), field);
    assertValidation(post(body().put(field, -1)), field);
    JsonObject missing = body();
    missing.remove(field);
    assertValidation(post(missing), field);
  }

  @Test
  void unknownUrlOrUserIs404() {
    assertError(404, "URL not found", post(body().put("url_id", 999)));
    assertError(404, "User not found", post(body().put("user_id", 999)));
    assertEquals(1, STACK.count("SELECT count(*) FROM events"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"x\"", "[]", "null", ""})
  void aBodyThatIsNotAJsonObjectIsA400(String body) {
    assertNotJsonObject(api.post("/events", body));
    assertNotJsonObject(api.put("/events/1", body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/events/999", "/events/abc", "/events/0"})
  void anUnknownEventIs404(String path) {
    assertError(404, "Event not found", api.get(path));
    assertError(404, "Event not found", api.put(path, "{\"event_type\":\"x\"}"));
    assertError(404, "Event not found", api.put(path, "{}"));
  }

  @Test
  void putUpdatesOnlyTheSubmittedFields() {
    JsonObject event = post(body()).json();
    long id = event.getLong("id");
    HttpResult retyped = put(id, new JsonObject().put("event_type", "share"));
    assertStatus(200, retyped);
    assertEquals(event.copy().put("event_type", "share"), retyped.json());

    long otherUrl = createUrl(userId, "https://example.com/b").getLong("id");
    JsonObject details = new JsonObject().put("changed", true);
    JsonObject moved = put(id, new JsonObject().put("url_id", otherUrl).put("details", details)).json();
    assertEquals(event.copy().put("event_type", "share").put("url_id", otherUrl).put("details", details), moved);
    assertEquals(moved, api.get("/events/" + id).json());
  }

  @Test
  void putWithAnEmptyObjectIsANoOp() {
    JsonObject event = post(body()).json();
    HttpResult same = put(event.getLong("id"), new JsonObject());
    assertStatus(200, same);
    assertEquals(event, same.json());
  }

  @Test
  void putValidatesLikeCreate() {
    long id = post(body()).json().getLong("id");
    assertValidation(put(id, new JsonObject().put("details", "x")), "details");
    assertValidation(put(id, new JsonObject().putNull("details")), "details");
    assertValidation(put(id, new JsonObject().put("event_type", "")), "event_type");
    assertValidation(put(id, new JsonObject().put("url_id", true)), "url_id");
    assertValidation(put(id, new JsonObject().put("user_id", "2")), "user_id");
    assertError(404, "URL not found", put(id, new JsonObject().put("url_id", 999)));
    assertError(404, "User not found", put(id, new JsonObject().put("user_id", 999)));
    assertEquals("click", api.get("/events/" + id).json().getString("event_type"));
  }

  @Test
  void listsAndFilters() {
    long other = createUser("other").getLong("id");
    long otherUrl = createUrl(other, "https://example.com/o").getLong("id"); // event 2, "created"
    long e3 = post(body()).json().getLong("id");
    long e4 = post(body().put("url_id", otherUrl).put("event_type", "share")).json().getLong("id");
    long e5 = post(body().put("user_id", other)).json().getLong("id");

    assertEquals(List.of(1L, 2L, e3, e4, e5), ids(api.get("/events").array()));
    assertEquals(List.of(1L, e3, e5), ids(api.get("/events?url_id=" + urlId).array()));
    assertEquals(List.of(1L, e3, e4), ids(api.get("/events?user_id=" + userId).array()));
    assertEquals(List.of(e4), ids(api.get("/events?event_type=share").array()));
    assertEquals(List.of(1L, 2L), ids(api.get("/events?event_type=created").array()));
    assertEquals(List.of(e5), ids(api.get("/events?url_id=" + urlId + "&user_id=" + other).array()));
    assertEquals(List.of(), ids(api.get("/events?event_type=nothing").array()));
  }

  @Test
  void pagesLikeEveryList() {
    for (int i = 0; i < 6; i++) {
      post(body());
    }
    assertEquals(List.of(3L, 4L), ids(api.get("/events?page=2&per_page=2").array()));
    assertEquals(List.of(6L, 7L), ids(api.get("/events?cursor=5").array()));
    assertEquals(List.of(4L), ids(api.get("/events?cursor=3&per_page=1&url_id=" + urlId).array()));
    assertEquals(List.of(1L), ids(api.get("/events?page=0&per_page=1").array()));
  }

  @Test
  void aBadFilterValueIsA400() {
    assertValidation(api.get("/events?url_id=abc"), "url_id");
    assertValidation(api.get("/events?user_id=true"), "user_id");
    assertValidation(api.get("/events?per_page=abc"), "per_page");
    assertValidation(api.get("/events?per_page=0"), "per_page");
    assertValidation(api.get("/events?cursor=1.5"), "cursor");
  }
}
