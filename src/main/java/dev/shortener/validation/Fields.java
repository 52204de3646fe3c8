package dev.shortener.validation;

import dev.shortener.errors.Failure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed fields out of a request body, collecting one message per bad field; {@link #validate()}
 * then throws a single 400 naming all of them. Strings are trimmed.
 */
public final class Fields {
  private final JsonObject body;
  private final Map<String, String> errors = new LinkedHashMap<>();

  public Fields(JsonObject body) {
    this.body = body;
  }

  public boolean has(String name) {
    return body.containsKey(name);
  }

  /** A JSON integer ≥ 1 (not a boolean, not a float, not a string). */
  public Long id(String name, boolean required) {
    if (!present(name, required)) {
      return null;
    }
    Object value = body.getValue(name);
    if (value instanceof Integer || value instanceof Long) {
      long id = ((Number) value).longValue();
      if (id >= 1) {
        return id;
      }
    } else if (value instanceof BigInteger) {
      return fail(name, "must be an integer between 1 and " + Long.MAX_VALUE);
    }
    return fail(name, "must be a positive integer");
  }

  /** A string of at most {@code max} characters after trimming; blank allowed only when asked. */
  public String string(String name, boolean required, int max, boolean allowBlank) {
    if (!present(name, required)) {
      return null;
    }
    if (!(body.getValue(name) instanceof String raw)) {
      return fail(name, "must be a string");
    }
    String value = raw.strip();
    if (!allowBlank && value.isEmpty()) {
      return fail(name, "must not be blank");
    }
    if (value.length() > max) {
      return fail(name, "must be at most " + max + " characters");
    }
    if (Text.hasControlCharacters(value)) {
      return fail(name, "must not contain control characters");
    }
    if (Text.hasUnpairedSurrogate(value)) {
      return fail(name, "must be valid Unicode text");
    }
    return value;
  }

  public Boolean bool(String name) {
    if (!present(name, false)) {
      return null;
    }
    if (body.getValue(name) instanceof Boolean b) {
      return b;
    }
    return fail(name, "must be a boolean");
  }

  /** A JSON object, or empty when absent. */
  public Optional<JsonObject> object(String name) {
    if (!present(name, false)) {
      return Optional.empty();
    }
    if (body.getValue(name) instanceof JsonObject obj) {
      if (!storable(obj)) {
        return Optional.ofNullable(fail(name, "must not contain \\u0000 or unpaired surrogates"));
      }
      return Optional.of(obj);
    }
    return Optional.ofNullable(fail(name, "must be a JSON object"));
  }

  /** JSONB refuses \\u0000 and UTF-8 has no unpaired surrogates: such text would fail or be mangled in storage. */
  private static boolean storable(Object value) {
    if (value instanceof String s) {
      return s.indexOf('\0') < 0 && !Text.hasUnpairedSurrogate(s);
    }
    if (value instanceof JsonObject o) {
      return o.getMap().entrySet().stream().allMatch(e -> storable(e.getKey()) && storable(o.getValue(e.getKey())));
    }
    if (value instanceof JsonArray a) {
      return a.stream().allMatch(Fields::storable);
    }
    return true;
  }

  /** A timestamp in one of the accepted input forms; an explicit null means "clear". */
  public Optional<LocalDateTime> timestamp(String name) {
    if (!has(name) || body.getValue(name) == null) {
      return Optional.empty();
    }
    if (body.getValue(name) instanceof String s) {
      Optional<LocalDateTime> parsed = Timestamps.parse(s);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return Optional.ofNullable(fail(name, "must be a timestamp like 2026-01-31T12:00:00 (UTC)"));
  }

  /** As {@link #timestamp}, and it must lie in the future. */
  public Optional<LocalDateTime> futureTimestamp(String name) {
    Optional<LocalDateTime> at = timestamp(name);
    if (at.isPresent() && !at.get().isAfter(Timestamps.now())) {
      reject(name, "must be in the future");
    }
    return at;
  }

  /** A non-empty JSON array of strings, each one of {@code allowed}; null when absent (and not required). */
  public Set<String> stringSet(String name, boolean required, Set<String> allowed) {
    if (!present(name, required)) {
      return null;
    }
    String rule = "must be a non-empty array of " + String.join(", ", new TreeSet<>(allowed));
    if (!(body.getValue(name) instanceof JsonArray array) || array.isEmpty()) {
      return fail(name, rule);
    }
    Set<String> values = new TreeSet<>();
    for (Object item : array) {
      if (!(item instanceof String s) || !allowed.contains(s)) {
        return fail(name, rule);
      }
      values.add(s);
    }
    return values;
  }

  /** Records a failed rule on a field that was read successfully. */
  public void reject(String name, String message) {
    errors.putIfAbsent(name, message);
  }

  public void validate() {
    if (!errors.isEmpty()) {
      throw Failure.validation(errors);
    }
  }

  private boolean present(String name, boolean required) {
    if (body.getValue(name) != null) {
      return true;
    }
    if (required || has(name)) {
      errors.putIfAbsent(name, required ? "is required" : "must not be null");
    }
    return false;
  }

  private <T> T fail(String name, String message) {
    errors.putIfAbsent(name, message);
    return null;
  }
}
