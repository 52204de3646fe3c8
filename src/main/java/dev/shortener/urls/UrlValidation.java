package dev.shortener.urls;

import dev.shortener.validation.Fields;
import dev.shortener.validation.TargetUrls;
import dev.shortener.validation.ShortCodeRule;
import dev.shortener.validation.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.Optional;

/** Rules for URL bodies. */
public final class UrlValidation {
  public static final int TITLE_MAX = 500;

  private UrlValidation() {}

  static NewUrl create(JsonObject body) {
    Fields fields = new Fields(body);
    Long userId = fields.id("user_id", true);
    String url = targetUrl(fields, true);
    String title = fields.string("title", false, TITLE_MAX, true);
    String code = fields.string("short_code", false, ShortCodeRule.MAX_LENGTH, false);
    String codeProblem = code == null ? null : customCodeProblem(code);
    if (codeProblem != null) {
      fields.reject("short_code", codeProblem);
    }
    LocalDateTime expiresAt = futureTimestamp(fields).orElse(null);
    fields.validate();
    return new NewUrl(userId, url, title == null ? "" : title, code, expiresAt);
  }

  static UrlChanges update(JsonObject body) {
    Fields fields = new Fields(body);
    String title = fields.string("title", false, TITLE_MAX, true);
    Boolean active = fields.bool("is_active");
    String url = targetUrl(fields, false);
    boolean expirySet = fields.has("expires_at");
    LocalDateTime expiresAt = futureTimestamp(fields).orElse(null);
    fields.validate();
    JsonObject submitted = new JsonObject();
    if (title != null) {
      submitted.put("title", title);
    }
    if (active != null) {
      submitted.put("is_active", active);
    }
    if (url != null) {
      submitted.put("original_url", url);
    }
    if (expirySet) {
      submitted.put("expires_at", expiresAt == null ? null : Timestamps.format(expiresAt));
    }
    return new UrlChanges(title, active, url, expirySet, expiresAt, submitted);
  }

  /** Null when {@code code} may be a custom alias, else the reason. */
  public static String customCodeProblem(String code) {
    if (!ShortCodeRule.hasShape(code)) {
      return ShortCodeRule.SHAPE_MESSAGE;
    }
    return ShortCodeRule.isReserved(code) ? "is reserved" : null;
  }

  private static String targetUrl(Fields fields, boolean required) {
    String url = fields.string("original_url", required, TargetUrls.MAX_LENGTH, false);
    if (url != null) {
      String problem = TargetUrls.problem(url);
      if (problem != null) {
        fields.reject("original_url", problem);
      }
    }
    return url;
  }

  private static Optional<LocalDateTime> futureTimestamp(Fields fields) {
    Optional<LocalDateTime> expiresAt = fields.timestamp("expires_at");
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(Timestamps.now())) {
      fields.reject("expires_at", "must be in the future");
    }
    return expiresAt;
  }
}
