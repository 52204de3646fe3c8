package dev.shortener.redirect;

import dev.shortener.analytics.ClientTraits;
import dev.shortener.validation.TargetUrls;
import dev.shortener.validation.Text;
import dev.shortener.validation.Timestamps;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Targeting rules of a link: an ordered list of {target, conditions}; the first rule whose conditions
 * all hold picks the target. {@link #normalize} validates what a client sends and gives the stored
 * form; {@link #compile} turns the stored form (trusted) into predicates once per cache fill, so a
 * redirect only evaluates them.
 */
public final class Rules {
  public static final int MAX_RULES = 20;
  public static final int MAX_CONDITIONS = 10;
  private static final int MAX_TEXT = 200;
  private static final Set<String> DEVICES =
      Set.of(ClientTraits.MOBILE, ClientTraits.DESKTOP, ClientTraits.TABLET, "ios", "android");
  private static final Set<String> TYPES = Set.of("device", "os", "browser", "language", "country", "query",
      "before", "after");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,8}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private record Rule(String location, List<Predicate<Visit>> conditions) {}

  private final List<Rule> rules;
  private final String json;

  private Rules(List<Rule> rules, String json) {
    this.rules = rules;
    this.json = json;
  }

  /** The location of the first matching rule, else {@code fallback}. */
  String pick(Visit visit, String fallback) {
    for (Rule rule : rules) {
      if (rule.conditions.stream().allMatch(condition -> condition.test(visit))) {
        return rule.location;
      }
    }
    return fallback;
  }

  /** The stored form (JSON text), as cached. */
  String json() {
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Rules that && json.equals(that.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  /**
   * Validates a client's rules and returns their stored form (values normalised: device, language
   * lower case, country upper case, timestamps canonical). Each problem goes to {@code reject} under
   * its path ({@code rules[0].conditions[1].value}); an empty array means no rules (null). A rule's
   * target follows the link target's rules, {@code ownHost} included (a target there would loop).
   */
  public static JsonArray normalize(JsonArray raw, String ownHost, BiConsumer<String, String> reject) {
    if (raw.size() > MAX_RULES) {
      reject.accept("rules", "must hold at most " + MAX_RULES + " rules");
      return null;
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < raw.size(); i++) {
      String at = "rules[" + i + "]";
      if (!(raw.getValue(i) instanceof JsonObject rule) || !Set.of("target", "conditions").containsAll(rule.fieldNames())) {
        reject.accept(at, "must be an object with target and conditions");
        continue;
      }
      String target = rule.getValue("target") instanceof String s ? s.strip() : null;
      String problem = target == null ? "must be a string" : TargetUrls.problem(target, ownHost);
      if (problem != null) {
        reject.accept(at + ".target", problem);
      }
      if (!(rule.getValue("conditions") instanceof JsonArray conditions) || conditions.isEmpty()
          || conditions.size() > MAX_CONDITIONS) {
        reject.accept(at + ".conditions", "must be an array of 1 to " + MAX_CONDITIONS + " conditions");
        continue;
      }
      JsonArray normalized = new JsonArray();
      for (int j = 0; j < conditions.size(); j++) {
        normalized.add(condition(conditions.getValue(j), at + ".conditions[" + j + "]", reject));
      }
      out.add(new JsonObject().put("target", target).put("conditions", normalized));
    }
    return out.isEmpty() ? null : out;
  }

  private static JsonObject condition(Object raw, String at, BiConsumer<String, String> reject) {
    if (!(raw instanceof JsonObject condition) || !(condition.getValue("type") instanceof String type)
        || !TYPES.contains(type)) {
      reject.accept(at + ".type", "must be one of " + String.join(", ", new java.util.TreeSet<>(TYPES)));
      return null;
    }
    Set<String> allowed = type.equals("query") ? Set.of("type", "key", "value") : Set.of("type", "value");
    if (!allowed.containsAll(condition.fieldNames())) {
      reject.accept(at, "a " + type + " condition has only " + String.join(", ", new java.util.TreeSet<>(allowed)));
      return null;
    }
    String value = text(condition.getValue("value"));
    if (value == null) {
      reject.accept(at + ".value", "must be a non-blank string of at most " + MAX_TEXT + " characters");
      return null;
    }
    JsonObject out = new JsonObject().put("type", type);
    switch (type) {
      case "device" -> {
        value = value.toLowerCase(Locale.ROOT);
        if (!DEVICES.contains(value)) {
          reject.accept(at + ".value", "must be mobile, desktop, tablet, ios or android");
        }
      }
      case "language" -> {
        value = value.toLowerCase(Locale.ROOT);
        if (!LANGUAGE.matcher(value).matches()) {
          reject.accept(at + ".value", "must be a primary language tag like fr");
        }
      }
      case "country" -> {
        value = value.toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(value).matches()) {
          reject.accept(at + ".value", "must be an ISO 3166 alpha-2 code like DE");
        }
      }
      case "before", "after" -> {
        Optional<LocalDateTime> time = Timestamps.parse(value);
        if (time.isEmpty()) {
          reject.accept(at + ".value", "must be a timestamp like 2026-01-31T12:00:00 (UTC)");
        } else {
          value = Timestamps.format(time.get());
        }
      }
      case "query" -> {
        String key = text(condition.getValue("key"));
        if (key == null) {
          reject.accept(at + ".key", "must be a non-blank string of at most " + MAX_TEXT + " characters");
        }
        out.put("key", key);
      }
      default -> { } // os, browser: names as the user-agent parser spells them, compared ignoring case
    }
    return out.put("value", value);
  }

  private static String text(Object value) {
    if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_TEXT || Text.hasControlCharacters(s)) {
      return null;
    }
    return s.strip();
  }

  /** The stored form, compiled; null for none. */
  static Rules compile(String json) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    List<Rule> rules = new ArrayList<>();
    for (Object item : new JsonArray(json)) {
      JsonObject rule = (JsonObject) item;
      List<Predicate<Visit>> conditions = new ArrayList<>();
      for (Object condition : rule.getJsonArray("conditions")) {
        conditions.add(predicate((JsonObject) condition));
      }
      rules.add(new Rule(TargetUrls.ascii(rule.getString("target")), List.copyOf(conditions)));
    }
    return new Rules(List.copyOf(rules), json);
  }

  private static Predicate<Visit> predicate(JsonObject condition) {
    String value = condition.getString("value");
    return switch (condition.getString("type")) {
      case "device" -> switch (value) {
        case "ios" -> visit -> "iOS".equals(visit.traits().os());
        case "android" -> visit -> "Android".equals(visit.traits().os());
        default -> visit -> value.equals(visit.traits().device());
      };
      case "os" -> visit -> value.equalsIgnoreCase(visit.traits().os());
      case "browser" -> visit -> value.equalsIgnoreCase(visit.traits().browser());
      case "language" -> visit -> accepts(visit.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE), value);
      case "country" -> visit -> value.equals(visit.country());
      case "query" -> {
        String key = condition.getString("key");
        yield visit -> visit.request().params().getAll(key).contains(value);
      }
      case "before" -> {
        LocalDateTime at = Timestamps.parse(value).orElseThrow();
        yield visit -> visit.now().isBefore(at);
      }
      case "after" -> {
        LocalDateTime at = Timestamps.parse(value).orElseThrow();
        yield visit -> visit.now().isAfter(at);
      }
      default -> throw new IllegalArgumentException("unknown condition type " + condition.getString("type"));
    };
  }

  /** Whether an Accept-Language header lists {@code language} (a primary tag) with a quality above 0. */
  static boolean accepts(String header, String language) {
    if (header == null) {
      return false;
    }
    for (String range : header.split(",")) {
      String[] parts = range.split(";");
      String tag = parts[0].strip().toLowerCase(Locale.ROOT);
      int dash = tag.indexOf('-');
      String primary = dash < 0 ? tag : tag.substring(0, dash);
      if (primary.equals(language) && quality(parts) > 0) {
        return true;
      }
    }
    return false;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
