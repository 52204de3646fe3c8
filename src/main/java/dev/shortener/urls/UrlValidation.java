package dev.shortener.urls;

import dev.shortener.accounts.Principal;
import dev.shortener.validation.Fields;
import dev.shortener.validation.TargetUrls;
import dev.shortener.validation.ShortCodeRule;
import dev.shortener.validation.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;

/** Rules for URL bodies. */
public final class UrlValidation {
  public static final int TITLE_MAX = 500;

  private UrlValidation() {}

  /** A user key may leave {@code user_id} out (its own user) and may not name another (403). */
  /** {@code ownHost}: the service's public host ({@link TargetUrls#hostOf}); a target there would loop. */
  static NewUrl create(JsonObject body, Principal principal, String ownHost) {
    Fields fields = new Fields(body);
    Long userId = fields.id("user_id", principal.admin());
    String url = targetUrl(fields, true, ownHost);
    String title = fields.string("title", false, TITLE_MAX, true);
    String code = fields.string("short_code", false, ShortCodeRule.MAX_LENGTH, false);
    String codeProblem = code == null ? null : customCodeProblem(code);
    if (codeProblem != null) {
      fields.reject("short_code", codeProblem);
    }
    LocalDateTime expiresAt = fields.futureTimestamp("expires_at").orElse(null);
    LinkSettings settings = LinkSettings.read(fields, ownHost);
    fields.validate();
    return new NewUrl(principal.userFor(userId), url, title == null ? "" : title, code, expiresAt, settings);
  }

  static UrlChanges update(JsonObject body, String ownHost) {
    Fields fields = new Fields(body);
    String title = fields.string("title", false, TITLE_MAX, true);
    Boolean active = fields.bool("is_active");
    String url = targetUrl(fields, false, ownHost);
    boolean expirySet = fields.has("expires_at");
    LocalDateTime expiresAt = fields.futureTimestamp("expires_at").orElse(null);
    LinkSettings settings = LinkSettings.read(fields, ownHost);
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
    settings.describe(submitted);
    return new UrlChanges(title, active, url, expirySet, expiresAt, settings, submitted);
  }

  /** Null when {@code code} may be a custom alias, else the reason. */
  public static String customCodeProblem(String code) {
    if (!ShortCodeRule.hasShape(code)) {
      return ShortCodeRule.SHAPE_MESSAGE;
    }
    return ShortCodeRule.isReserved(code) ? "is reserved" : null;
  }

  private static String targetUrl(Fields fields, boolean required, String ownHost) {
    String url = fields.string("original_url", required, TargetUrls.MAX_LENGTH, false);
    if (url != null) {
      String problem = TargetUrls.problem(url, ownHost);
      if (problem != null) {
        fields.reject("original_url", problem);
      }
    }
    return url;
  }
}
