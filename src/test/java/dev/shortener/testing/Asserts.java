package dev.shortener.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/** Assertions on the contract's response shapes (exact status, exact error body). */
public final class Asserts {
  /** {@code 2025-09-19T22:25:05} or {@code 2026-04-03T12:00:00.482913}: never a zone, 0 or 6 fraction digits. */
  public static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?");

  private Asserts() {}

  public static void assertStatus(int status, HttpResult result) {
    assertEquals(status, result.status(), () -> "unexpected answer: " + result);
  }

  /** Exactly {@code {"error": error}} with that status. */
  public static void assertError(int status, String error, HttpResult result) {
    assertStatus(status, result);
    assertEquals(new JsonObject().put("error", error), result.json(), result.body());
  }

  /** 400 {@code {"error":"Validation failed","details":{...}}} naming exactly these fields, each with a message. */
  public static void assertValidation(HttpResult result, String... fields) {
    assertStatus(400, result);
    JsonObject body = result.json();
    assertEquals("Validation failed", body.getValue("error"), result.body());
    assertEquals(Set.of("error", "details"), body.fieldNames(), result.body());
    JsonObject details = body.getJsonObject("details");
    assertEquals(Set.of(fields), details.fieldNames(), result.body());
    for (String field : fields) {
      Object message = details.getValue(field);
      assertInstanceOf(String.class, message, result.body());
      assertTrue(!((String) message).isBlank(), result.body());
    }
  }

  public static void assertNotJsonObject(HttpResult result) {
    assertError(400, "Request body must be a JSON object", result);
  }

  public static void assertTimestamp(String value) {
    assertTrue(value != null && TIMESTAMP.matcher(value).matches(), () -> "not a contract timestamp: " + value);
  }
}
